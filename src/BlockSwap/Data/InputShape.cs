namespace BlockSwap.Data;

/// <summary>The images a network takes or a data set holds: channels, side (null = the architecture's default) and classes.</summary>
public readonly record struct InputShape(int Channels, int? Size, int Classes)
{
    /// <summary>The largest image side any command takes: the MAC counts of the widest networks stay far inside a long.</summary>
    public const int MaxSize = 8192;

    public override string ToString() => $"{Channels}×{Size}×{Size} images in {Classes} classes";
}
