using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>--device and --threads (-j): where tensors live and how many CPU threads libtorch uses.</summary>
internal sealed class ComputeOptions
{
    public ParsedOption<BlockSwap.Runtime.DeviceChoice> Device { get; } = new("--device",
        "cpu, cuda or cuda:N (under mpirun, cuda gives each rank the GPU local rank mod GPU count)", BlockSwap.Runtime.DeviceChoice.Parse, d => d.ToString(),
        () => BlockSwap.Runtime.DeviceChoice.Cpu);
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
        if (threads < 0) throw new BlockSwapException($"--threads {threads} is invalid: use 0 (libtorch's default) or a positive count");
        var device = BlockSwap.Runtime.TorchRuntime.ResolveDevice(p.Value(Device));
        // One GPU per rank on a node: local rank r takes GPU r mod count.
        if (Job.World.Size > 1 && device.type == TorchSharp.DeviceType.CUDA && p.Value(Device).Index is null)
            device = new TorchSharp.torch.Device(TorchSharp.DeviceType.CUDA, BlockSwap.Distributed.Cluster.LocalRank(Job.World.Rank) % TorchSharp.torch.cuda.device_count());
        if (threads > Environment.ProcessorCount && Job.World.IsRoot)
            Console.Error.WriteLine($"warning: -j {threads} is more threads than this machine's {Plural.Of(Environment.ProcessorCount, "core")}; libtorch's threads then wait for each other and the job runs many times slower: use -j {Environment.ProcessorCount} or less");
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
        else LoadAdvice.Armed = device.type == TorchSharp.DeviceType.CPU && Job.World.IsRoot;
        return device;
    }
}
