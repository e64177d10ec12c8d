using BlockSwap.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// Mixed-precision training of a student on the CPU (libtorch's autocast is not reachable from TorchSharp): a working
/// copy of the network whose convolutions and classifier hold bf16 weights runs the forward and backward passes; the
/// float32 student keeps the master weights that the optimiser updates, saves and evaluates. Batch norms stay float32
/// in the copy (libtorch normalises a bf16 batch with float32 statistics), so the running statistics never round.
/// Per step: <see cref="Pull"/> copies the master weights in (rounded), the copy trains on a bf16 batch,
/// <see cref="Push"/> hands its gradients (as float32) and running statistics back. bf16 keeps float32's exponent
/// range, so no loss scaling is needed.
/// </summary>
public sealed class Bf16Student : IDisposable
{
    private readonly (Parameter Master, Parameter Copy)[] parameters;
    private readonly (Tensor Master, Tensor Copy)[] buffers;

    public Bf16Student(BlockSwapNetwork master)
    {
        Copy = new BlockSwapNetwork(master.Plan, seed: 0, master.Device);
        Copy.Compute.CopyFrom(master.Compute);
        foreach (var (_, module) in Copy.named_modules())
            if (module is Conv2d or Linear) TorchSharp.ModuleExtensionMethods.to(module, ScalarType.BFloat16);
        var copies = Copy.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters = master.named_parameters().Select(p => (p.parameter, copies[p.name])).ToArray();
        var copyBuffers = Copy.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        buffers = master.named_buffers().Select(b => (b.buffer, copyBuffers[b.name])).ToArray();
        foreach (var (m, c) in parameters) c.requires_grad = m.requires_grad;
    }

    /// <summary>The bf16 working copy; call it on batches of <see cref="ScalarType.BFloat16"/>.</summary>
    public BlockSwapNetwork Copy { get; }

    /// <summary>Copies the master weights and running statistics into the working copy, rounding weights to bf16.</summary>
    public void Pull()
    {
        using var _ = no_grad();
        foreach (var (m, c) in parameters) c.copy_(m);
        foreach (var (m, c) in buffers) c.copy_(m);
    }

    /// <summary>
    /// Hands the working copy's gradients to the master weights (as float32, replacing theirs) and its running
    /// statistics to the master's batch norms; clears the copy's gradients.
    /// </summary>
    public void Push()
    {
        using var _ = no_grad();
        foreach (var (m, c) in parameters)
        {
            if (c.grad is not { } g) continue;
            if (m.grad is { } mg) mg.copy_(g);
            // A float32 gradient (a batch norm's) is cloned: to() would return the tensor itself, zeroed next.
            else m.grad = g.dtype == ScalarType.Float32 ? g.clone() : g.to(ScalarType.Float32);
            g.zero_();
        }
        foreach (var (m, c) in buffers) m.copy_(c);
    }

    public void Dispose() => Copy.Dispose();
}
