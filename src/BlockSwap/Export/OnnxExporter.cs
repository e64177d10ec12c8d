using BlockSwap.Blocks;
using BlockSwap.IO;
using BlockSwap.Networks;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static BlockSwap.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace BlockSwap.Export;

/// <summary>Export settings: opset, BN folding, and a fixed batch size (null = dynamic).</summary>
public sealed record OnnxExportOptions(int Opset = 17, bool FoldBatchNorm = false, int? Batch = null)
{
    public void Validate()
    {
        if (Opset is < 9 or > 22) throw new BlockSwapException($"--opset {Opset} is not supported; use 9..22 (17 is a safe default)");
        if (Batch is < 1) throw new BlockSwapException($"--batch {Batch} is invalid: use dynamic or a positive size");
    }
}

/// <summary>
/// Writes a network as a standard ONNX model, walking the same layer descriptions the network was built from:
/// Conv (with groups), BatchNormalization, Relu, Add, MaxPool, GlobalAveragePool, Flatten, Gemm. With BN
/// folding, every BN that directly follows a conv (inside substitutes, the Basic wrapper's BN2, the ResNet stem)
/// is folded into that conv's weights and a bias; pre-activation BNs that follow a residual addition stay.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    /// <summary>One step of a straight run of layers.</summary>
    private abstract record Op;
    private sealed record ConvOp(Conv2d Conv) : Op;
    private sealed record BnOp(BatchNorm2d Bn) : Op;
    private sealed record ReluOp : Op;

    public static ModelProto Build(BlockSwapNetwork network, OnnxExportOptions options, IDictionary<string, string>? metadata = null)
    {
        options.Validate();
        var arch = network.Architecture;
        var g = new OnnxGraphBuilder();
        object batch = options.Batch is { } b ? b : "batch";
        g.Graph.Input.Add(Value(InputName, batch, arch.InChannels, arch.InputSize, arch.InputSize));
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        // Stem.
        var stem = new List<Op> { new ConvOp(network.Stem) };
        if (network.StemBatchNorm is { } sbn) stem.AddRange([new BnOp(sbn), new ReluOp()]);
        var h = Emit(g, InputName, stem, options.FoldBatchNorm);
        if (network.StemBatchNorm is not null)
            h = g.Node("MaxPool", [h], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));

        foreach (var block in network.Blocks)
        {
            var x = h;
            var a = Emit(g, x, [new BnOp(block.Bn1), new ReluOp()], options.FoldBatchNorm);
            var first = InstanceOps(block.Conv1);
            if (block.Conv2 is not null)
                first.AddRange([new BnOp(block.Bn2!), new ReluOp()]);
            var r = Emit(g, a, first, options.FoldBatchNorm);
            if (block.Conv2 is not null)
                r = Emit(g, r, InstanceOps(block.Conv2), options.FoldBatchNorm);
            var shortcut = block.ConvShortcut is { } sc ? Emit(g, a, [new ConvOp(sc)], options.FoldBatchNorm) : x;
            h = g.Node("Add", [shortcut, r]);
        }

        if (network.HeadBatchNorm is { } hbn)
            h = Emit(g, h, [new BnOp(hbn), new ReluOp()], options.FoldBatchNorm);
        h = g.Node("GlobalAveragePool", [h]);
        h = g.Node("Flatten", [h], Int("axis", 1));
        var fc = network.Classifier;
        g.Node("Gemm", [h, g.Initializer("fc_weight", fc.weight!), g.Initializer("fc_bias", fc.bias!)], Int("transB", 1));
        // The classifier's output is the graph's public output.
        g.Graph.Node[^1].Output[0] = OutputName;
        g.Graph.Output.Add(Value(OutputName, batch, arch.Classes));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "BlockSwap.NET",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "1",
            Graph = g.Graph,
            DocString = $"{arch.Name} [{network.Plan.Genotype}] ({network.Plan.Policy.ToCliName()} wrappers), {network.Plan.Parameters} parameters",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            model.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return model;
    }

    public static void Save(ModelProto model, string path) => AtomicFile.WriteAllBytes(path, model.ToByteArray());

    private static List<Op> InstanceOps(SubstituteInstance instance) =>
        instance.Layers.Select(l => l.Spec switch
        {
            ConvSpec => (Op)new ConvOp((Conv2d)l.Module),
            BatchNormSpec => new BnOp((BatchNorm2d)l.Module),
            ReluSpec => new ReluOp(),
            _ => throw new InvalidOperationException(l.Spec.GetType().Name),
        }).ToList();

    /// <summary>Emits a run of layers; with folding, a BN right after a conv becomes that conv's scale and bias.</summary>
    private static string Emit(OnnxGraphBuilder g, string input, List<Op> ops, bool fold)
    {
        var h = input;
        for (int i = 0; i < ops.Count; i++)
        {
            switch (ops[i])
            {
                case ConvOp c:
                {
                    var w = c.Conv.weight!.detach();
                    Tensor? bias = null;
                    if (fold && i + 1 < ops.Count && ops[i + 1] is BnOp next)
                    {
                        var (scale, shift) = Affine(next.Bn);
                        w = w * scale.view(-1, 1, 1, 1);
                        bias = shift;
                        i++;
                    }
                    var stride = c.Conv.stride[0];
                    var pad = c.Conv.padding?[0] ?? 0;
                    var k = w.shape[2];
                    var inputs = bias is null ? new[] { h, g.Initializer("w", w) } : [h, g.Initializer("w", w), g.Initializer("b", bias)];
                    h = g.Node("Conv", inputs, Ints("kernel_shape", k, k), Ints("strides", stride, stride),
                        Ints("pads", pad, pad, pad, pad), Int("group", c.Conv.groups), Ints("dilations", 1, 1));
                    break;
                }
                case BnOp bn:
                    h = g.Node("BatchNormalization",
                        [h, g.Initializer("gamma", bn.Bn.weight!), g.Initializer("beta", bn.Bn.bias!),
                         g.Initializer("mean", bn.Bn.running_mean!), g.Initializer("var", bn.Bn.running_var!)],
                        Float("epsilon", (float)bn.Bn.eps));
                    break;
                case ReluOp:
                    h = g.Node("Relu", [h]);
                    break;
            }
        }
        return h;
    }

    /// <summary>Evaluation-mode BN as y = scale·x + shift per channel.</summary>
    private static (Tensor Scale, Tensor Shift) Affine(BatchNorm2d bn)
    {
        var scale = bn.weight!.detach() / (bn.running_var! + bn.eps).sqrt();
        return (scale, bn.bias!.detach() - bn.running_mean! * scale);
    }
}
