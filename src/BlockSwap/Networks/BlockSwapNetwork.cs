using BlockSwap.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Networks;

/// <summary>
/// A WideResNet or pre-activation ResNet whose substitutable blocks are filled from a genotype.
/// Built on the CPU and initialised from a seed (spec §2.5), then moved to the requested device, so the
/// same seed gives the same weights on every device.
/// </summary>
public sealed class BlockSwapNetwork : nn.Module<Tensor, NetworkOutput>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d? bnStem;
    private readonly ModuleList<ResidualBlock> blocks;
    private readonly ResidualBlock[] blockArray;
    private readonly BatchNorm2d? bn;
    private readonly Linear fc;
    private readonly HashSet<int> groupOutputs;

    public BlockSwapNetwork(NetworkPlan plan, long seed, Device? device = null) : base("BlockSwapNetwork")
    {
        Plan = plan;
        var arch = plan.Architecture;
        conv1 = nn.Conv2d(arch.InChannels, arch.StemWidth, arch.StemKernel,
            stride: arch.Family == ArchitectureFamily.WideResNet ? 1 : 2,
            padding: arch.StemKernel / 2, bias: false);
        register_module("conv1", conv1);
        if (arch.Family == ArchitectureFamily.PreActResNet)
        {
            bnStem = nn.BatchNorm2d(arch.StemWidth);
            register_module("bnStem", bnStem);
        }
        blockArray = plan.Blocks.Select(b => new ResidualBlock($"block{b.Position.Index}", b, Tap)).ToArray();
        blocks = new ModuleList<ResidualBlock>(blockArray);
        register_module("blocks", blocks);
        if (arch.Family == ArchitectureFamily.WideResNet)
        {
            bn = nn.BatchNorm2d(arch.FinalWidth);
            register_module("bn", bn);
        }
        fc = nn.Linear(arch.FinalWidth, arch.Classes);
        register_module("fc", fc);
        groupOutputs = arch.GroupOutputIndices.ToHashSet();
        Initialise(seed);
        if (device is not null && device.type != DeviceType.CPU)
            this.to(device);
    }

    public NetworkPlan Plan { get; }
    /// <summary>Every ReLU of the network reports through this tap.</summary>
    public ActivationTap Tap { get; } = new();
    public Architecture Architecture => Plan.Architecture;
    public IReadOnlyList<ResidualBlock> Blocks => blockArray;
    public Conv2d Stem => conv1;
    public BatchNorm2d? StemBatchNorm => bnStem;
    public BatchNorm2d? HeadBatchNorm => bn;
    public Linear Classifier => fc;

    /// <summary>Learnable scalars of the built network (BN running statistics excluded).</summary>
    public long CountParameters() => parameters().Sum(p => p.numel());

    /// <summary>
    /// Spec §2.5: every conv ~ N(0, 2/(k·k·out)) (fan-out, whatever the groups), BN γ=1 β=0, FC weight
    /// U(±1/√fan_in); the WRN zeroes the FC bias, the ResNet keeps the default uniform bias.
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
        var h = conv1.call(x);
        if (bnStem is not null)
            h = nn.functional.max_pool2d(Tap.Relu(bnStem.call(h)), 3, 2, 1);
        var groups = new List<Tensor>(Architecture.GroupCount);
        var residuals = collectResiduals ? new List<Tensor>(blockArray.Length) : null;
        for (int i = 0; i < blockArray.Length; i++)
        {
            h = blockArray[i].Forward(h, out var r);
            residuals?.Add(r);
            if (groupOutputs.Contains(i)) groups.Add(h);
        }
        if (bn is not null)
            h = Tap.Relu(bn.call(h));
        h = nn.functional.adaptive_avg_pool2d(h, 1).flatten(1);
        return new NetworkOutput(fc.call(h), groups, (IReadOnlyList<Tensor>?)residuals ?? []);
    }
}
