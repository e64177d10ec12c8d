using BlockSwap.Description.Layers;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static BlockSwap.Methods.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Export;

/// <summary>Export settings: opset, BN folding, and a fixed batch size (null = dynamic).</summary>
public sealed record OnnxExportOptions(int Opset = 17, bool FoldBatchNorm = false, int? Batch = null)
{
    public void Validate()
    {
        if (Opset is < 9 or > 22) throw new BlockSwapException($"opset {Opset} is not supported; use 9..22 (17 is a safe default)");
        if (Batch is < 1) throw new BlockSwapException($"batch size {Batch} is invalid: use dynamic or a positive size");
    }
}

/// <summary>
/// Writes a network as a standard ONNX model by walking the plan's <see cref="NetworkLayout"/>, the description
/// the network was built from: Conv (with groups), BatchNormalization, Relu, Add, MaxPool, GlobalAveragePool,
/// Flatten, Gemm. Node and initialiser names are the module paths (the state_dict keys). With BN folding, every
/// BN that directly follows a conv (inside substitutes, the Basic wrapper's bn2, the ResNet stem) is folded into
/// that conv's weights and a bias; pre-activation BNs that follow a residual addition stay.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string Producer = "BlockSwap.NET";

    /// <summary>True when the file is an ONNX model this tool wrote (it may then be replaced by another export).</summary>
    public static bool IsOwnModel(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > 1L << 30) return false;
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).ProducerName == Producer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Google.Protobuf.InvalidProtocolBufferException) { return false; }
    }
    public const string OutputName = "logits";

    public static ModelProto Build(BlockSwapNetwork network, OnnxExportOptions options, IDictionary<string, string>? metadata = null)
    {
        options.Validate();
        var arch = network.Architecture;
        var layout = network.Plan.Layout;
        var g = new OnnxGraphBuilder();
        object batch = options.Batch is { } b ? b : "batch";
        g.Graph.Input.Add(Value(InputName, batch, arch.InChannels, arch.InputSize, arch.InputSize));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var export = new Run(g, network.Layer, options.FoldBatchNorm);
        export.Emit(InputName, "", layout.All);
        // The classifier's output is the graph's public output.
        g.Graph.Node[^1].Output[0] = OutputName;
        g.Graph.Output.Add(Value(OutputName, batch, arch.Classes));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = Producer,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "1",
            Graph = g.Graph,
            DocString = $"{arch.Name} [{network.Plan.Genotype}] ({network.Plan.Policy.Name()} wrappers), {network.Plan.Parameters} parameters",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            model.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return model;
    }

    /// <summary>
    /// A stand-alone model of one piece of a network (its stem, one block, or its head) with fresh weights and BN
    /// folded as in <see cref="Build"/>, taking a fixed N×C×S×S input: the pieces the latency table times.
    /// </summary>
    public static byte[] BuildPiece(IReadOnlyList<LayerSpec> layers, int channels, int size, int batch)
    {
        var g = new OnnxGraphBuilder();
        g.Graph.Input.Add(Value(InputName, batch, channels, size, size));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var modules = new LayerSequence("piece", layers, new ComputeSettings());
        modules.eval();
        var byPath = modules.named_modules().ToDictionary(m => m.name, m => m.module);
        // No layers: an Identity node, whose time is the runtime's fixed cost of one run.
        var output = layers.Count == 0 ? g.Node("Identity", "identity", [InputName]) : new Run(g, path => byPath[path], fold: true).Emit(InputName, "", layers);
        // The piece's last output is the graph's output; its shape is left to the runtime.
        g.Graph.Output.Add(new ValueInfoProto { Name = output, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        var model = new ModelProto { IrVersion = 8, ProducerName = Producer, Graph = g.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    public static void Save(ModelProto model, string path) => AtomicFile.WriteAllBytes(path, model.ToByteArray());

    /// <summary>Emits runs of layers, reading weights from the network's modules by path.</summary>
    private sealed class Run(OnnxGraphBuilder g, Func<string, TorchSharp.torch.nn.Module> module, bool fold)
    {
        /// <summary>Emits a run of layers; with folding, a BN right after a conv becomes that conv's scale and bias.</summary>
        public string Emit(string input, string prefix, IEnumerable<LayerSpec> layers)
        {
            var leaves = LayerSpec.Leaves(prefix, layers).ToList();
            var h = input;
            for (int i = 0; i < leaves.Count; i++)
            {
                var (path, layer) = leaves[i];
                switch (layer)
                {
                    case ConvSpec c:
                    {
                        var w = ((Conv2d)module(path)).weight!.detach();
                        var inputs = new List<string> { h };
                        if (fold && i + 1 < leaves.Count && leaves[i + 1].Layer is BatchNormSpec)
                        {
                            var (scale, shift) = Affine((BatchNorm2d)module(leaves[i + 1].Path));
                            inputs.Add(g.Initializer($"{path}.weight", w * scale.view(-1, 1, 1, 1)));
                            inputs.Add(g.Initializer($"{path}.bias", shift));
                            i++;
                        }
                        else
                        {
                            inputs.Add(g.Initializer($"{path}.weight", w));
                        }
                        h = g.Node("Conv", path, inputs.ToArray(), Ints("kernel_shape", c.Kernel, c.Kernel), Ints("strides", c.Stride, c.Stride),
                            Ints("pads", c.Padding, c.Padding, c.Padding, c.Padding), Int("group", c.Groups), Ints("dilations", 1, 1));
                        break;
                    }
                    case BatchNormSpec:
                    {
                        var bn = (BatchNorm2d)module(path);
                        h = g.Node("BatchNormalization", path,
                            [h, g.Initializer($"{path}.weight", bn.weight!), g.Initializer($"{path}.bias", bn.bias!),
                             g.Initializer($"{path}.running_mean", bn.running_mean!), g.Initializer($"{path}.running_var", bn.running_var!)],
                            Float("epsilon", (float)bn.eps));
                        break;
                    }
                    case ReluSpec:
                        h = g.Node("Relu", path, [h]);
                        break;
                    case MaxPoolSpec m:
                        h = g.Node("MaxPool", path, [h], Ints("kernel_shape", m.Kernel, m.Kernel), Ints("strides", m.Stride, m.Stride),
                            Ints("pads", m.Padding, m.Padding, m.Padding, m.Padding));
                        break;
                    case GlobalPoolSpec:
                        h = g.Node("GlobalAveragePool", path, [h]);
                        h = g.Node("Flatten", $"{path}.flatten", [h], Int("axis", 1));
                        break;
                    case LinearSpec:
                    {
                        var fc = (Linear)module(path);
                        h = g.Node("Gemm", path, [h, g.Initializer($"{path}.weight", fc.weight!), g.Initializer($"{path}.bias", fc.bias!)], Int("transB", 1));
                        break;
                    }
                    case ResidualSpec block:
                    {
                        var a = Emit(h, path, block.PreActivation);
                        var r = Emit(a, path, block.Branch);
                        var shortcut = block.Shortcut is { } sc ? Emit(a, path, [sc]) : h;
                        h = g.Node("Add", $"{path}.add", [shortcut, r]);
                        break;
                    }
                    default:
                        throw new InvalidOperationException($"no ONNX form for {layer.GetType().Name} at {path}");
                }
            }
            return h;
        }
    }

    /// <summary>Evaluation-mode BN as y = scale·x + shift per channel.</summary>
    private static (Tensor Scale, Tensor Shift) Affine(BatchNorm2d bn)
    {
        var scale = bn.weight!.detach() / (bn.running_var! + bn.eps).sqrt();
        return (scale, bn.bias!.detach() - bn.running_mean! * scale);
    }
}
