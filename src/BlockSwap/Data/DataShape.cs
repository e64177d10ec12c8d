namespace BlockSwap.Data;

/// <summary>The one check that a data set fits a network's input and classifier.</summary>
public static class DataShape
{
    public static void Check(DataSplits data, InputShape network, string networkName) => Check(data.Name, data.Shape, network, networkName);

    public static void Check(string dataName, InputShape data, InputShape network, string networkName)
    {
        if (data.Channels != network.Channels || data.Classes != network.Classes || (data.Size is { } s && network.Size is { } n && s != n))
            throw new BlockSwapException(
                $"data set {dataName} has {data} but {networkName} takes {network}; use the data set the network was made for, " +
                "or set the input channels, size and classes to match the data");
    }
}
