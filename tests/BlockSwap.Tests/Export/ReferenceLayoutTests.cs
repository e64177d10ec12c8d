using BlockSwap.Description.Blocks;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Export;

/// <summary>
/// state_dict keys are exactly the reference PyTorch implementation's. The expected keys and shapes are built
/// here from the reference's naming rules, independently of the library's layer descriptions.
/// </summary>
public class ReferenceLayoutTests
{
    private static readonly string[] BnKeys = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];

    /// <summary>Keys (and shapes) of one substitute instance a→b, by the reference's module names.</summary>
    private static IEnumerable<(string, long[])> InstanceKeys(string prefix, string type, int a, int b)
    {
        IEnumerable<(string, long[])> Bns(string name, int c) => BnKeys.Select(k => ($"{prefix}.{name}.{k}", k == "num_batches_tracked" ? Array.Empty<long>() : new long[] { c }));
        if (type == "Conv")
            return [($"{prefix}.conv.weight", [b, a, 3, 3])];
        if (type.StartsWith("DConv") && !type.Contains('B'))
        {
            int groups = type == "DConv" ? a : type.StartsWith("DConvA") ? int.Parse(type[6..]) : a / int.Parse(type[6..]);
            return new (string, long[])[] { ($"{prefix}.convdw.weight", [a, a / groups, 3, 3]), ($"{prefix}.conv1x1.weight", [b, a, 1, 1]) }.Concat(Bns("bn", a));
        }
        // Bottlenecks: [G|A]xBy or ConvBy.
        int bi = type.LastIndexOf('B');
        int m = b / int.Parse(type[(bi + 1)..]);
        int g = type.StartsWith("Conv") ? 1 : type[0] == 'A' ? int.Parse(type[1..bi]) : m / int.Parse(type[1..bi]);
        return new (string, long[])[]
        {
            ($"{prefix}.conv1x1_down.weight", [m, a, 1, 1]), ($"{prefix}.conv.weight", [m, m / g, 3, 3]), ($"{prefix}.conv1x1_up.weight", [b, m, 1, 1]),
        }.Concat(Bns("bn1", m)).Concat(Bns("bn2", m));
    }

    /// <summary>The reference WideResNet's state_dict for a genotype (masked = the group-first construction).</summary>
    private static Dictionary<string, long[]> WrnKeys(int n, int k, int classes, int inChannels, string[] types, bool groupFirst)
    {
        var keys = new Dictionary<string, long[]> { ["conv1.weight"] = [16, inChannels, 3, 3] };
        static bool Basic(string t) => t == "Conv" || (t.StartsWith("DConv") && !t.Contains('B'));
        int[] widths = [16 * k, 32 * k, 64 * k];
        int width = 16, i = 0;
        for (int g = 0; g < 3; g++)
            for (int j = 0; j < n; j++, i++)
            {
                var p = $"block{g + 1}.0.layer.{j}";
                int o = widths[g];
                bool basic = Basic(groupFirst ? types[g * n] : types[i]);
                foreach (var key in BnKeys) keys[$"{p}.bn1.{key}"] = key == "num_batches_tracked" ? [] : [width];
                foreach (var (key, shape) in InstanceKeys($"{p}.conv1", types[i], width, o)) keys[key] = shape;
                if (basic)
                {
                    foreach (var key in BnKeys) keys[$"{p}.bn2.{key}"] = key == "num_batches_tracked" ? [] : [o];
                    foreach (var (key, shape) in InstanceKeys($"{p}.conv2", types[i], o, o)) keys[key] = shape;
                }
                if (width != o) keys[$"{p}.convShortcut.weight"] = [o, width, 1, 1];
                width = o;
            }
        foreach (var key in BnKeys) keys[$"bn1.{key}"] = key == "num_batches_tracked" ? [] : [width];
        keys["fc.weight"] = [classes, width];
        keys["fc.bias"] = [classes];
        return keys;
    }

    [Theory]
    [InlineData(WrapperPolicy.PerBlock)]
    [InlineData(WrapperPolicy.GroupFirst)]
    public void ModelKeys_AreTheReferenceKeys_ForAMixedGenotype(WrapperPolicy policy)
    {
        string[] types = ["Conv", "G8B2", "DConvA4", "A4B2", "DConvG8", "ConvB4"];
        var plan = new NetworkSpec(Architecture.WideResNet(16, 2, 10, 3), Genotype.Parse(string.Join(",", types)), policy).ToPlan();
        using var net = new BlockSwapNetwork(plan, 1);
        var expected = WrnKeys(2, 2, 10, 3, types, policy == WrapperPolicy.GroupFirst);
        var actual = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, shape) in expected)
            Assert.True(shape.SequenceEqual(actual[key]), $"{key}: expected {string.Join("×", shape)}, got {string.Join("×", actual[key])}");
    }

    [Fact]
    public void ReferenceTeacherStateDict_LoadsAsTeacher_WithEveryTensorInPlace()
    {
        // A state_dict in PyTorch's layout, as torch.save(WideResNet(10, 1).state_dict()) writes it.
        var keys = WrnKeys(1, 1, 10, 3, ["Conv", "Conv", "Conv"], groupFirst: false);
        var gen = new Generator(7);
        var state = keys.ToDictionary(kv => kv.Key, kv => kv.Key.EndsWith("num_batches_tracked") ? tensor(5L) : randn(kv.Value, generator: gen));
        var dir = Scratch.Folder("bs-ref-");
        var path = Path.Combine(dir, "teacher.pt");
        using (var f = File.Create(path)) PyTorchPickler.PickleStateDict(f, state);
        using var teacher = TeacherLoader.Load(path, Architecture.WideResNet(10, 1), CPU);
        Assert.Equal("Conv,Conv,Conv", teacher.Plan.Genotype.ToString());
        var loaded = teacher.state_dict();
        foreach (var (key, value) in state)
            Assert.Equal(0.0, (loaded[key].to(ScalarType.Float64) - value.to(ScalarType.Float64)).abs().max().item<double>());
    }
}
