using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

public class ForwardMemoryTests
{
    /// <summary>
    /// A forward pass leaves only what it returns alive: intermediate activations are disposed once read (autograd keeps
    /// its own references), so a frozen teacher's no-grad forward no longer holds every activation to the end of the
    /// training step (1.3 GB in a WRN-40-2 AT step). Counted as the live tensors the forward's scope still holds; and
    /// the training-mode forward with gradients still backpropagates through what autograd kept.
    /// </summary>
    [Fact]
    public void Forward_KeepsOnlyItsOutputs_AndBackwardStillWorks()
    {
        var arch = Architecture.WideResNet(16, 1, classes: 10, inChannels: 3, inputSize: 16);
        using var net = new BlockSwapNetwork(new NetworkSpec(arch, Genotype.Parse("DConvA8,A4B2,Conv,G2B2,DConv,ConvB2")).ToPlan(), seed: 1);
        using var outer = NewDisposeScope();
        var x = randn(4, 3, 16, 16);
        int Live(Func<NetworkOutput> forward)
        {
            using var scope = NewDisposeScope();
            forward();
            return scope.DisposablesCount;
        }
        net.eval();
        // Logits and three group outputs: nothing else is left in the scope.
        Assert.Equal(4, Live(() => { using (no_grad()) return net.call(x); }));
        // Collected residual outputs are returned too (one per block).
        Assert.Equal(4 + 6, Live(() => { using (no_grad()) return net.Forward(x, collectResiduals: true); }));
        net.train();
        var input = x.detach().requires_grad_(true);
        var output = net.call(input);
        output.Logits.square().sum().backward();
        Assert.True(input.grad is not null && input.grad.abs().sum().item<float>() > 0);
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
    }

    /// <summary>The torchvision ResNet teacher's forward leaves only its logits and its four stage outputs.</summary>
    [Fact]
    public void TorchvisionTeacher_KeepsOnlyItsOutputs()
    {
        using var net = new TorchvisionResNet(18, classes: 10, inChannels: 3, inputSize: 32);
        net.eval();
        using var outer = NewDisposeScope();
        var x = randn(2, 3, 32, 32);
        using var scope = NewDisposeScope();
        using (no_grad()) net.call(x);
        Assert.Equal(5, scope.DisposablesCount);
    }
}
