using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>--device and --threads (-j): where tensors live and how many CPU threads libtorch uses.</summary>
internal sealed class ComputeOptions
{
    public ParsedOption<BlockSwap.Foundation.Runtime.DeviceChoice> Device { get; } = new("--device",
        "cpu, cuda or cuda:N (under mpirun, cuda gives each rank the GPU local rank mod GPU count)", BlockSwap.Foundation.Runtime.DeviceChoice.Parse, d => d.ToString(),
        () => BlockSwap.Foundation.Runtime.DeviceChoice.Cpu);
    public Option<int> Threads { get; } = new("--threads", "-j")
    {
        Description = "CPU threads for libtorch (0 = its default, one per core; 1 keeps a shared machine responsive)", DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command c)
    {
        c.Options.Add(Device);
        c.Options.Add(Threads);
    }

    /// <summary>Sets the thread count and resolves the device.</summary>
    public TorchSharp.torch.Device Apply(ParseResult p)
    {
        int threads = p.GetValue(Threads);
        var device = BlockSwap.Foundation.Runtime.TorchRuntime.ResolveDevice(p.Value(Device), BlockSwap.Foundation.Distributed.Cluster.LocalRank(Job.World.Rank), Job.World.Size);
        if (BlockSwap.Foundation.Runtime.TorchRuntime.SetThreads(threads) is { } warning && Job.World.IsRoot) Console.Error.WriteLine($"warning: {warning}");
        if (threads == 0) LoadAdvice.Armed = device.type == TorchSharp.DeviceType.CPU && Job.World.IsRoot;
        return device;
    }
}
