using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// torchvision's ResNet-18/34 exactly (post-activation BasicBlocks), with its module names, so a state_dict saved by
/// <c>torch.save(torchvision.models.resnet34(...).state_dict())</c> loads key for key: conv1, bn1, layer1..4 of
/// blocks (conv1, bn1, conv2, bn2, downsample.0/.1), fc. It serves as a teacher of the reference's pre-activation
/// ResNet students: attention transfer uses the outputs of its four stages, which have the student's group shapes.
/// Its weights are not copied into another layout (the reference copies them into its pre-activation ResNet by
/// parameter order, which computes a different function).
/// </summary>
public sealed class TorchvisionResNet : ClassifierNetwork
{
    private readonly nn.Module<Tensor, Tensor>[] stem;
    private readonly Sequential[] stages;
    private readonly Linear[] fc;
    private readonly int layers, classes, inputSize;


    public TorchvisionResNet(int layers, int classes = 1000, int inChannels = 3, int inputSize = 224) : base($"torchvision-resnet{layers}")
    {
        int[] blocks = layers switch
        {
            18 => [2, 2, 2, 2],
            34 => [3, 4, 6, 3],
            _ => throw new BlockSwapException($"torchvision ResNet-{layers} is not supported; use torchvision-resnet18 or torchvision-resnet34"),
        };
        this.layers = layers;
        this.classes = classes;
        this.inputSize = inputSize;
        stem = [nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)];
        register_module("conv1", stem[0]);
        register_module("bn1", stem[1]);
        register_module("relu", stem[2]);
        register_module("maxpool", stem[3]);
        int width = 64;
        int[] widths = [64, 128, 256, 512];
        stages = new Sequential[4];
        for (int g = 0; g < 4; g++)
        {
            var members = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int j = 0; j < blocks[g]; j++)
            {
                int stride = j == 0 && g > 0 ? 2 : 1;
                members.Add(($"{j}", new BasicBlock(width, widths[g], stride)));
                width = widths[g];
            }
            stages[g] = nn.Sequential(members);
            register_module($"layer{g + 1}", stages[g]);
        }
        fc = [nn.Linear(512, classes)];
        register_module("fc", fc[0]);
    }

    public override string Description => $"torchvision-resnet{layers}";
    public override int Classes => classes;

    public override IReadOnlyList<(int Channels, int Size)> GroupOutputShapes
    {
        get
        {
            int s = (inputSize + 6 - 7) / 2 + 1; // conv1
            s = (s + 2 - 3) / 2 + 1; // maxpool
            var shapes = new List<(int, int)>();
            foreach (var (w, stride) in new[] { (64, 1), (128, 2), (256, 2), (512, 2) })
            {
                s = (s + 2 - 3) / stride + 1;
                shapes.Add((w, s));
            }
            return shapes;
        }
    }

    public override NetworkOutput forward(Tensor x)
    {
        // Intermediates are disposed once read, as in LayerModules.Run: only the logits and stage outputs stay.
        var h = x;
        foreach (var m in stem) h = Modules.LayerModules.Replace(h, m.call(h), x);
        var groups = new List<Tensor>(4);
        foreach (var stage in stages)
        {
            var next = stage.call(h);
            if (groups.Count == 0) Modules.LayerModules.Replace(h, next, x);
            h = next;
            groups.Add(h);
        }
        using var flat = Modules.GlobalAveragePool.Pool(h);
        var logits = fc[0].call(flat);
        return new NetworkOutput(logits, groups, []);
    }

    /// <summary>torchvision's BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + downsample(x)).</summary>
    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor>[] path;
        private readonly nn.Module<Tensor, Tensor>[] downsample = [];

        public BasicBlock(int inputs, int outputs, int stride) : base("BasicBlock")
        {
            path = [nn.Conv2d(inputs, outputs, 3, stride: stride, padding: 1, bias: false), nn.BatchNorm2d(outputs),
                    nn.Conv2d(outputs, outputs, 3, stride: 1, padding: 1, bias: false), nn.BatchNorm2d(outputs)];
            register_module("conv1", path[0]);
            register_module("bn1", path[1]);
            register_module("conv2", path[2]);
            register_module("bn2", path[3]);
            if (stride != 1 || inputs != outputs)
            {
                downsample = [nn.Sequential(("0", nn.Conv2d(inputs, outputs, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(outputs)))];
                register_module("downsample", downsample[0]);
            }
        }

        public override Tensor forward(Tensor x)
        {
            using var c1 = path[0].call(x);
            using var b1 = path[1].call(c1);
            using var r1 = nn.functional.relu(b1);
            using var c2 = path[2].call(r1);
            using var b2 = path[3].call(c2);
            using var projected = downsample.Length == 0 ? null : downsample[0].call(x);
            using var sum = b2 + (projected ?? x);
            return nn.functional.relu(sum);
        }
    }
}
