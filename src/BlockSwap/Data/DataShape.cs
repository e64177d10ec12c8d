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

    /// <summary>Refuses a shape the user named (null: not named) that disagrees with <paramref name="data"/>, which decides it.</summary>
    public static void CheckGiven(DataSplits data, int? classes, int? channels, int? size)
    {
        void Given(string option, int? given, int actual, string has)
        {
            if (given is { } g && g != actual)
                throw new BlockSwapException($"{option} {g} disagrees with the data: {data.Name} has {has}; leave {option} out (it is taken from the data) or use other data");
        }
        Given("--classes", classes, data.Classes, $"{data.Classes} classes");
        Given("--in-channels", channels, data.Channels, $"{data.Channels} input channels");
        Given("--input-size", size, data.Size, $"{data.Size}-pixel images");
    }
}
