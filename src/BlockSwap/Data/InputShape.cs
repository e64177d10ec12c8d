namespace BlockSwap.Data;

/// <summary>The images a network takes or a data set holds: channels, side (null = the architecture's default) and classes.</summary>
public readonly record struct InputShape(int Channels, int? Size, int Classes)
{
    public override string ToString() => $"{Channels}×{Size}×{Size} images in {Classes} classes";
}
