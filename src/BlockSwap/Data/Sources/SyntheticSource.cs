namespace BlockSwap.Data.Sources;

/// <summary>Generated patterns of 10 classes, labelled as such everywhere (tests and trials without data).</summary>
public sealed class SyntheticSource : DataSource
{
    public override string Id => "synthetic";
    public override string Summary => "generated patterns (no real data; every output says so)";
    public override bool NeedsFolder => false;

    public override DataSplits Load(DataRequest r) =>
        SyntheticData.Create(10, r.Channels ?? 3, r.Size ?? r.DefaultSize, r.SyntheticTrain, r.SyntheticTest, r.Seed);
}
