using BlockSwap.Blocks;
using BlockSwap.Networks;
using BlockSwap.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BlockSwap.Cli.Commands;

/// <summary>Loads a teacher: our checkpoint, or a PyTorch state_dict (.pt) of the all-Conv network of the given architecture.</summary>
internal static class TeacherLoader
{
    public static BlockSwapNetwork Load(string path, Architecture architecture, Device device)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"teacher {path} does not exist; give DIR/checkpoint of a trained teacher or a PyTorch .pt state_dict");
        if (!path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase))
            return Checkpoint.LoadNetwork(path, device).Network;
        var net = new BlockSwapNetwork(NetworkPlan.Uniform(architecture, BlockCatalogue.Get("Conv")), seed: 0, device);
        try
        {
            net.load_py(path, strict: true);
        }
        catch (Exception e) when (e is not BlockSwapException)
        {
            net.Dispose();
            throw new BlockSwapException($"teacher {path} is not a state_dict of the all-Conv {architecture.Name}: {e.Message.Split('\n')[0]}");
        }
        return net;
    }
}
