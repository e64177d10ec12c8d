namespace BlockSwap.Data;

/// <summary>The one check that a data set fits a network's input and classifier.</summary>
public static class DataShape
{
    public static void Check(DataSplits data, int channels, int size, int classes, string network)
    {
        if (data.Channels != channels || data.Size != size || data.Classes != classes)
            throw new BlockSwapException(
                $"data set {data.Name} has {data.Channels}×{data.Size}×{data.Size} images in {data.Classes} classes but {network} takes " +
                $"{channels}×{size}×{size} images in {classes} classes; use the data set the network was made for, or set the input channels, size and classes to match the data");
    }
}
