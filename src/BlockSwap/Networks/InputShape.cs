namespace BlockSwap.Networks;

/// <summary>The input a network takes: channels, side (null = the architecture's default) and classes.</summary>
public readonly record struct InputShape(int Channels, int? Size, int Classes);
