using BlockSwap.Interop;
using BlockSwap.Export;
using BlockSwap.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>
/// A teacher from our checkpoint, or from a PyTorch state_dict (.pt/.pth) of the all-Conv network of the given
/// architecture in the reference implementation's layout (what <c>torch.save(WideResNet(...).state_dict())</c> writes).
/// </summary>
public static class TeacherLoader
{
    public static bool IsPyTorchFile(string path) =>
        path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase);

    public static BlockSwapNetwork Load(string path, Architecture architecture, Device device)
    {
        path = Checkpoint.Locate(path);
        if (!File.Exists(path))
            throw new BlockSwapException($"teacher {path} does not exist; give DIR/checkpoint of a trained teacher or a PyTorch .pt state_dict");
        if (!IsPyTorchFile(path))
            return Checkpoint.LoadNetwork(path, device).Network;
        var net = new BlockSwapNetwork(NetworkSpec.Teacher(architecture).ToPlan(), seed: 0);
        try
        {
            PyTorchStateDict.Load(net, path);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        if (device.type != TorchSharp.DeviceType.CPU) net.to(device);
        return net;
    }
}
