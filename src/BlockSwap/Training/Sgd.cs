using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>
/// The recipe's optimiser: TorchSharp's own SGD (PyTorch's update: d = g + wd·w; buf = μ·buf + d, the first
/// buf = d; w −= lr·buf) with weight decay on every parameter. Its state (momentum buffers) goes into the
/// checkpoint through TorchSharp's own state serialisation.
/// </summary>
public static class Sgd
{
    public static SGD Create(IEnumerable<Parameter> parameters, TrainingOptions options) =>
        optim.SGD(parameters, options.Lr, options.Momentum, weight_decay: options.WeightDecay);

    /// <summary>Sets the learning rate of every parameter group (the schedule changes it per epoch).</summary>
    public static void SetLearningRate(this SGD optimiser, double lr)
    {
        foreach (var g in optimiser.ParamGroups) g.LearningRate = lr;
    }

    public static byte[] SaveState(SGD optimiser)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) optimiser.save_state_dict(w);
        return ms.ToArray();
    }

    public static void LoadState(SGD optimiser, byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        optimiser.load_state_dict(r);
    }
}
