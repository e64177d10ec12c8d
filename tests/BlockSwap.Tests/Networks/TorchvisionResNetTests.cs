using BlockSwap.Engine.Interop;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

public class TorchvisionResNetTests
{
    /// <summary>torchvision's state_dict keys and shapes for resnet18/34, written out from its naming rules.</summary>
    private static Dictionary<string, long[]> Expected(int[] blocks, int classes)
    {
        var keys = new Dictionary<string, long[]> { ["conv1.weight"] = [64, 3, 7, 7] };
        void Bn(string prefix, long c)
        {
            keys[$"{prefix}.weight"] = [c];
            keys[$"{prefix}.bias"] = [c];
            keys[$"{prefix}.running_mean"] = [c];
            keys[$"{prefix}.running_var"] = [c];
            keys[$"{prefix}.num_batches_tracked"] = [];
        }
        Bn("bn1", 64);
        long width = 64;
        long[] widths = [64, 128, 256, 512];
        for (int g = 0; g < 4; g++)
            for (int j = 0; j < blocks[g]; j++)
            {
                var p = $"layer{g + 1}.{j}";
                keys[$"{p}.conv1.weight"] = [widths[g], width, 3, 3];
                Bn($"{p}.bn1", widths[g]);
                keys[$"{p}.conv2.weight"] = [widths[g], widths[g], 3, 3];
                Bn($"{p}.bn2", widths[g]);
                if (j == 0 && g > 0)
                {
                    keys[$"{p}.downsample.0.weight"] = [widths[g], width, 1, 1];
                    Bn($"{p}.downsample.1", widths[g]);
                }
                width = widths[g];
            }
        keys["fc.weight"] = [classes, 512];
        keys["fc.bias"] = [classes];
        return keys;
    }

    [Theory]
    [InlineData(18, new[] { 2, 2, 2, 2 }, 122, 11_689_512L)]
    [InlineData(34, new[] { 3, 4, 6, 3 }, 218, 21_797_672L)]
    public void StateDict_HasTorchvisionsKeysAndShapes(int layers, int[] blocks, int keyCount, long imagenetParams)
    {
        using var net = new TorchvisionResNet(layers, 1000);
        var ours = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var expected = Expected(blocks, 1000);
        Assert.Equal(keyCount, expected.Count);
        Assert.Equal(expected.Keys.Order(), ours.Keys.Order());
        foreach (var (k, shape) in expected) Assert.Equal(shape, ours[k]);
        Assert.Equal(imagenetParams, net.ParameterCount); // torchvision's published counts
    }

    [Fact]
    public void AsTeacher_ItsStagesFitTheResNetStudent_AndDriveAttentionTransfer()
    {
        var student = Architecture.PreActResNet(18, classes: 10, inChannels: 3, inputSize: 32);
        var path = Path.Combine(Scratch.Folder("bs-tv-"), "resnet18.pth");
        using (var saved = new TorchvisionResNet(18, 10, 3, 32)) PyTorchStateDict.Save(saved, path);
        using var teacher = TeacherLoader.Load(path, student, CPU, TeacherFamily.TorchvisionResNet18);
        Assert.Equal([(64, 8), (128, 4), (256, 2), (512, 1)], teacher.GroupOutputShapes);
        TrainingStep.CheckTeacherFits(student, teacher);
        using var net = new BlockSwapNetwork(NetworkSpec.Teacher(student).ToPlan(), 1);
        var options = new TrainingOptions { BatchSize = 4, Epochs = 1, Lr = 0.01 };
        using var opt = Optimisers.Create(net.parameters(), options);
        var r = new TrainingStep(net, teacher, opt, options).Run(randn(4, 3, 32, 32), tensor(new long[] { 0, 1, 2, 3 }), 0.01);
        Assert.True(double.IsFinite(r.Loss) && r.AtLoss > 0);
        // A WRN student does not fit, and an unknown family is named.
        Assert.Contains("does not match", Assert.Throws<BlockSwapException>(() => TrainingStep.CheckTeacherFits(Architecture.WideResNet(16, 1), teacher)).Message);
        Assert.Contains("unknown teacher architecture 'torchvision-resnet50'", Assert.Throws<BlockSwapException>(() => EnumNames.Parse<TeacherFamily>("torchvision-resnet50", "teacher architecture")).Message);
    }

    [Fact]
    public void WideResNet_TakesAnyInputSize_WithThePapersStridesAndAdaptivePooling()
    {
        var arch = Architecture.WideResNet(16, 1, inputSize: 40);
        Assert.Equal(new[] { 40, 20, 10 }, arch.GroupOutputIndices.Select(i => arch.Positions[i].OutputSize).ToArray());
        using var net = new BlockSwapNetwork(NetworkSpec.Teacher(arch).ToPlan(), 1);
        using var _ = no_grad();
        var o = net.call(randn(2, 3, 40, 40));
        Assert.Equal([2L, 10], o.Logits.shape);
        Assert.Equal([2L, 64, 10, 10], o.GroupOutputs[^1].shape);
        // MACs grow with the area: 40×40 has (40/32)² = 1.5625 times the 32×32 block MACs.
        var at32 = NetworkSpec.Teacher(Architecture.WideResNet(16, 1)).ToPlan();
        var at40 = NetworkSpec.Teacher(arch).ToPlan();
        Assert.Equal(at32.Blocks.Sum(b => b.Macs) * 25 / 16, at40.Blocks.Sum(b => b.Macs));
    }

    [Fact]
    public void ModuleTree_IsTorchvisions_AndOtherDepthsAreRefused()
    {
        using var net = new TorchvisionResNet(18, classes: 10, inChannels: 3, inputSize: 32);
        Assert.Equal(("torchvision-resnet18", "torchvision-resnet18"), (net.GetName(), net.Description));
        Assert.Equal(["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "fc"], net.named_children().Select(c => c.name));
        var block = net.named_modules().Single(m => m.name == "layer2.0").module;
        Assert.Equal("BasicBlock", block.GetName());
        Assert.Equal("torchvision ResNet-50 is not supported; use torchvision-resnet18 or torchvision-resnet34",
            Assert.Throws<BlockSwapException>(() => new TorchvisionResNet(50)).Message);
    }

    [Fact]
    public void BasicBlock_AddsItsShortcut()
    {
        using var net = new TorchvisionResNet(18, classes: 10, inChannels: 3, inputSize: 32);
        net.eval();
        var block = (nn.Module<Tensor, Tensor>)net.named_modules().Single(m => m.name == "layer1.0").module;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            // With its second convolution zeroed, the block is relu(x + β₂): the shortcut added, not subtracted.
            var conv2 = (TorchSharp.Modules.Conv2d)net.named_modules().Single(m => m.name == "layer1.0.conv2").module;
            conv2.weight!.zero_();
            var bn2 = (TorchSharp.Modules.BatchNorm2d)net.named_modules().Single(m => m.name == "layer1.0.bn2").module;
            bn2.bias!.fill_(0.5);
            var x = rand(1, 64, 8, 8, generator: new Generator(2));
            Assert.True(block.call(x).allclose(nn.functional.relu(x + 0.5), rtol: 1e-5, atol: 1e-5));
        }
    }
}
