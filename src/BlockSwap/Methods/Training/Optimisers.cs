using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>The optimiser of a training run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OptimiserKind>))]
public enum OptimiserKind
{
    /// <summary>SGD with momentum and coupled weight decay, the paper's.</summary>
    [JsonStringEnumMemberName("sgd")]
    Sgd,
    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter 2019), as timm and torchvision recipes use it.</summary>
    [JsonStringEnumMemberName("adamw")]
    AdamW,
}

/// <summary>
/// The run's optimiser, TorchSharp's own: SGD (PyTorch's update: d = g + wd·w; buf = μ·buf + d, the first buf = d;
/// w −= lr·buf) or AdamW (β = 0.9, 0.999; ε = 1e-8; w −= lr·wd·w before the Adam step), weight decay on every
/// parameter. Its state (momentum buffers, Adam moments) goes into the checkpoint through TorchSharp's own state
/// serialisation, which names the optimiser, so a resume under another one is refused.
/// </summary>
public static class Optimisers
{
    /// <summary>The learning rate and weight decay an optimiser gets when none is given (SGD: the paper's; AdamW: the usual ones).</summary>
    public static (double Lr, double WeightDecay) Defaults(OptimiserKind kind) => kind == OptimiserKind.AdamW ? (1e-3, 0.05) : (0.1, 5e-4);

    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, TrainingOptions options) => options.Optimiser switch
    {
        OptimiserKind.AdamW => optim.AdamW(parameters, options.Lr, weight_decay: options.WeightDecay),
        _ => optim.SGD(parameters, options.Lr, options.Momentum, weight_decay: options.WeightDecay),
    };

    /// <summary>Sets the learning rate of every parameter group (the schedule changes it per step or epoch).</summary>
    public static void SetLearningRate(this OptimizerHelper optimiser, double lr)
    {
        foreach (var g in optimiser.ParamGroups) g.LearningRate = lr;
    }

    public static byte[] SaveState(OptimizerHelper optimiser)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) optimiser.save_state_dict(w);
        return ms.ToArray();
    }

    public static void LoadState(OptimizerHelper optimiser, byte[] state, string path)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        try
        {
            optimiser.load_state_dict(r);
        }
        catch (InvalidDataException e)
        {
            throw new BlockSwapException($"{path}: {e.Message.TrimEnd('.')}; resume with the optimiser the run started with (--optimizer)");
        }
    }
}
