using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace BlockSwap.Export;

/// <summary>Appends ONNX nodes and float initialisers to a graph, naming every value uniquely.</summary>
internal sealed class OnnxGraphBuilder
{
    private int counter;

    public GraphProto Graph { get; } = new() { Name = "blockswap" };

    private string Fresh(string prefix) => $"{prefix}_{counter++}";

    /// <summary>Adds a float tensor as an initialiser (raw little-endian bytes).</summary>
    public string Initializer(string prefix, Tensor t)
    {
        var name = Fresh(prefix);
        using var cpu = t.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(cpu.bytes) };
        proto.Dims.AddRange(cpu.shape);
        Graph.Initializer.Add(proto);
        return name;
    }

    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(op.ToLowerInvariant());
        var node = new NodeProto { OpType = op, Name = Fresh("n_" + op) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A float tensor value description with fixed or symbolic dimensions.</summary>
    public static ValueInfoProto Value(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
