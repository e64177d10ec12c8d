using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Training;

public class Bf16StudentTests
{
    /// <summary>One SGD step from the seeded initialisation: the loss, every weight's change, and the master network after it.</summary>
    private static (double Loss, Dictionary<string, Tensor> Change, BlockSwapNetwork Net) Step(Precision precision, string blocks)
    {
        var arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 1, inputSize: 16);
        var net = new BlockSwapNetwork(new NetworkSpec(arch, Genotype.Parse(blocks)).ToPlan(), seed: 5);
        var before = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var options = new TrainingOptions { BatchSize = 32, Epochs = 1, Lr = 0.1, Precision = precision };
        using var opt = Optimisers.Create(net.parameters(), options);
        var gen = new Generator(11);
        using var step = new TrainingStep(net, null, opt, options);
        var r = step.Run(randn([32, 1, 16, 16], generator: gen), randint(0, 10, [32], generator: gen), 0.1);
        var change = net.named_parameters().ToDictionary(p => p.name, p => (p.parameter.detach() - before[p.name]).flatten());
        return (r.Loss, change, net);
    }

    /// <summary>
    /// A bf16 step moves every weight as the float32 step does, to bf16 rounding: the cosine of the two changes is above
    /// 0.9 for every weight tensor (0.93–1.00 measured; PyTorch 1.13's CPU autocast gives 0.946–0.995 between its float32
    /// and bf16 gradients on the same two networks), batch norms' included, from a loss within 1 %. The master weights
    /// stay float32, and the batch norms' running statistics come back from the working copy.
    /// </summary>
    [Theory]
    [InlineData("Conv,Conv,Conv")]
    [InlineData("DConvA2,G4B2,DConv")]
    public void Bf16Step_MovesTheWeightsAsFloat32Does_ToRounding(string blocks)
    {
        using var scope = NewDisposeScope();
        var (loss32, change32, net32) = Step(Precision.Fp32, blocks);
        var (loss16, change16, net16) = Step(Precision.Bf16, blocks);
        Assert.True(Math.Abs(loss16 - loss32) / loss32 < 0.01, $"loss {loss32} (fp32) against {loss16} (bf16)");
        foreach (var (name, a) in change32)
        {
            var b = change16[name];
            double cosine = (a.dot(b) / (a.norm() * b.norm())).item<float>();
            Assert.True(cosine > 0.9, $"{name}: cosine {cosine:F4} between the float32 and bf16 steps' changes");
        }
        Assert.All(net16.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        var stats32 = net32.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, stat) in net16.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")))
        {
            Assert.Equal(ScalarType.Float32, stat.dtype);
            double gap = (stat - stats32[name]).abs().max().item<float>();
            Assert.True(gap < 0.02 * stats32[name].abs().max().item<float>() + 1e-4, $"{name}: running statistic {gap:E2} from float32's");
        }
        // The statistics moved at all: a copy that never handed them back would leave the initial zeros and ones.
        Assert.True(net16.named_buffers().First(b => b.name.EndsWith("running_mean")).buffer.abs().sum().item<float>() > 0);
        net32.Dispose();
        net16.Dispose();
    }
}
