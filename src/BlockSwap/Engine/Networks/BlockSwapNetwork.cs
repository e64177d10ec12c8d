using BlockSwap.Description.Layers;
using BlockSwap.Engine.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// A WideResNet or pre-activation ResNet whose substitutable blocks are filled from a genotype, built module by
/// module from the plan's <see cref="NetworkLayout"/>. Module names are the reference implementation's
/// (conv1, block{g}.0.layer.{j}, bn1, fc), so <c>state_dict()</c> keys load into the reference PyTorch network.
/// Built on the CPU and initialised from a seed (docs/method.md, "Initialisation"), then moved to the requested
/// device, so the same seed gives the same weights on every device.
/// </summary>
public sealed class BlockSwapNetwork : ClassifierNetwork
{
    private readonly nn.Module<Tensor, Tensor>[] stem;
    private readonly ResidualBlock[] blocks;
    private readonly nn.Module<Tensor, Tensor>[] head;
    private readonly HashSet<int> groupOutputs;
    private readonly Dictionary<string, nn.Module> byPath;

    public BlockSwapNetwork(NetworkPlan plan, long seed, Device? device = null) : base("BlockSwapNetwork")
    {
        Plan = plan;
        var layout = plan.Layout;
        stem = RegisterTopLevel(layout.Stem);
        blocks = layout.Blocks.Select(b => new ResidualBlock(b, Compute)).ToArray();
        // block{g} is a list holding one group (the reference's NetworkBlock) whose 'layer' lists the blocks.
        foreach (var group in plan.Blocks.GroupBy(b => b.Position.Group))
        {
            var members = group.Select(b => blocks[b.Position.Index]).ToArray();
            register_module($"block{group.Key + 1}", new ModuleList<BlockGroup>(new BlockGroup(members)));
        }
        head = RegisterTopLevel(layout.Head);
        groupOutputs = Architecture.GroupOutputIndices.ToHashSet();
        byPath = named_modules().ToDictionary(m => m.name, m => m.module);
        Initialise(seed);
        if (device is not null && device.type != DeviceType.CPU)
            this.to(device);
    }

    private nn.Module<Tensor, Tensor>[] RegisterTopLevel(IReadOnlyList<LayerSpec> layers) =>
        LayerModules.Build(layers, Compute, (name, m) => register_module(name, m));

    public NetworkPlan Plan { get; }
    /// <summary>How the layers compute (kernels, layout); shared by every module of this network.</summary>
    public ComputeSettings Compute { get; } = new();
    /// <summary>Every ReLU of the network reports through this tap.</summary>
    public ActivationTap Tap => Compute.Tap;
    public Architecture Architecture => Plan.Architecture;

    public override string Description => Architecture.Name;
    public override int Classes => Architecture.Classes;
    public override IReadOnlyList<(int Channels, int Size)> GroupOutputShapes =>
        Architecture.GroupOutputIndices.Select(i => Architecture.Positions[i]).Select(p => (p.Out, p.OutputSize)).ToArray();
    public IReadOnlyList<ResidualBlock> Blocks => blocks;
    /// <summary>The final fully connected layer.</summary>
    public Linear Classifier => (Linear)head[^1];
    /// <summary>The device the weights live on.</summary>
    public Device Device => parameters().First().device;

    /// <summary>The module at a dotted path of the layout (e.g. <c>block1.0.layer.0.conv1.convdw</c>).</summary>
    public nn.Module Layer(string path) =>
        byPath.TryGetValue(path, out var m) ? m : throw new ArgumentException($"no module at '{path}'", nameof(path));

    /// <summary>Learnable scalars of the built network (BN running statistics excluded).</summary>
    public long CountParameters() => parameters().Sum(p => p.numel());

    /// <summary>
    /// docs/method.md, "Initialisation": every conv ~ N(0, 2/(k·k·out)) (fan-out, whatever the groups), BN γ=1
    /// β=0, FC weight U(±1/√fan_in); the WRN zeroes the FC bias, the ResNet keeps the default uniform bias.
    /// Modules are visited in registration order, which is the reference's, so one seed gives one set of weights.
    /// </summary>
    private void Initialise(long seed)
    {
        using var gen = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d c:
                {
                    var shape = c.weight!.shape; // out, in/groups, kh, kw
                    double std = Math.Sqrt(2.0 / (shape[2] * shape[3] * shape[0]));
                    c.weight.normal_(0, std, gen);
                    break;
                }
                case BatchNorm2d b:
                    b.weight!.fill_(1);
                    b.bias!.zero_();
                    break;
                case Linear l:
                {
                    double bound = 1.0 / Math.Sqrt(l.weight!.shape[1]);
                    l.weight.uniform_(-bound, bound, gen);
                    if (Architecture.Family == ArchitectureFamily.WideResNet) l.bias!.zero_();
                    else l.bias!.uniform_(-bound, bound, gen);
                    break;
                }
            }
        }
    }

    public override NetworkOutput forward(Tensor x) => Forward(x, collectResiduals: false);

    /// <summary>Forward pass; with <paramref name="collectResiduals"/> the output also lists every block's residual-branch output.</summary>
    public NetworkOutput Forward(Tensor x, bool collectResiduals)
    {
        var h = Stem(x);
        var groups = new List<Tensor>(Architecture.GroupCount);
        var residuals = collectResiduals ? new List<Tensor>(blocks.Length) : null;
        // Intermediate activations are disposed once read (see LayerModules.Run); the input, the group outputs and
        // collected residuals are returned and kept.
        bool Kept(Tensor t) => ReferenceEquals(t, x) || groups.Any(g => ReferenceEquals(g, t)) || (residuals?.Any(r => ReferenceEquals(r, t)) ?? false);
        for (int i = 0; i < blocks.Length; i++)
        {
            var next = blocks[i].Forward(h, out var r);
            if (residuals is not null) residuals.Add(r);
            else if (!ReferenceEquals(r, next)) r.Dispose();
            if (!Kept(h) && !ReferenceEquals(h, next)) h.Dispose();
            h = next;
            if (groupOutputs.Contains(i)) groups.Add(h);
        }
        h = LayerModules.Run(head, h);
        return new NetworkOutput(h, groups, (IReadOnlyList<Tensor>?)residuals ?? []);
    }

    /// <summary>The feature map the head pools (after the head's BN and ReLU, before global pooling).</summary>
    public Tensor PrePoolFeatures(Tensor x)
    {
        var h = Stem(x);
        foreach (var b in blocks) h = LayerModules.Replace(h, b.call(h), x);
        return LayerModules.Replace(h, LayerModules.Run(head.TakeWhile(m => m is not GlobalAveragePool).ToArray(), h), x);
    }

    private Tensor Stem(Tensor x)
    {
        var h = LayerModules.Run(stem, x);
        return LayerModules.Replace(h, AfterStem(h), x);
    }

    /// <summary>
    /// The stem's output in the network's layout. A one-channel batch cannot carry channels-last strides, so without
    /// this a gray network ran NCHW throughout, where oneDNN computes grouped and depthwise convolutions by im2col
    /// (the demo's DConvA8 student trained about 1.9× slower).
    /// </summary>
    private Tensor AfterStem(Tensor h) => Compute.Layout == BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast ? BlockSwap.Foundation.Runtime.MemoryLayouts.In(h, BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast) : h;

    /// <summary>One group of blocks under the name 'layer', as the reference's NetworkBlock holds them.</summary>
    private sealed class BlockGroup : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<ResidualBlock> layer;

        public BlockGroup(ResidualBlock[] members) : base("NetworkBlock")
        {
            layer = new ModuleList<ResidualBlock>(members);
            register_module("layer", layer);
        }

        public override Tensor forward(Tensor x) => layer.Aggregate(x, (h, b) => b.call(h));
    }
}
