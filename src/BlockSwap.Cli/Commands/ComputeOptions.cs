using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>--device and --threads (-j): where tensors live and how many CPU threads libtorch uses.</summary>
internal sealed class ComputeOptions
{
    public Option<string> Device { get; } = new("--device")
    {
        Description = "cpu, cuda or cuda:N (under mpirun, cuda gives each rank the GPU local rank mod GPU count)", DefaultValueFactory = _ => "cpu",
    };
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
        var device = BlockSwap.Runtime.TorchRuntime.ResolveDevice(p.GetValue(Device)!);
        // One GPU per rank on a node: local rank r takes GPU r mod count.
        if (Job.World.Size > 1 && device.type == TorchSharp.DeviceType.CUDA && p.GetValue(Device)!.Trim().Equals("cuda", StringComparison.OrdinalIgnoreCase))
            device = new TorchSharp.torch.Device(TorchSharp.DeviceType.CUDA, BlockSwap.Distributed.Cluster.LocalRank(Job.World.Rank) % TorchSharp.torch.cuda.device_count());
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
        else if (device.type == TorchSharp.DeviceType.CPU && Job.World.IsRoot) AdviseOnLoad();
        return device;
    }

    /// <summary>
    /// Beside other CPU-bound work, every parallel region of libtorch waits for its slowest thread: the demo's student
    /// epoch took 44 s with 2 threads and 34 s with 1 beside one busy process (21 s on a quiet machine). The thread count
    /// is not changed behind the user's back, since results depend on it; the user is told.
    /// </summary>
    private static void AdviseOnLoad()
    {
        int threads = TorchSharp.torch.get_num_threads();
        if (threads < 2 || BlockSwap.Runtime.CpuLoad.OtherProcessesCores(TimeSpan.FromMilliseconds(100)) is not { } busy || busy < 0.5) return;
        int suggested = Math.Max(1, threads - (int)Math.Round(busy));
        Console.Error.WriteLine($"note: other processes keep about {busy:F1} of the {threads} cores busy; -j {suggested} usually runs faster beside them (results depend on the thread count, so it is not chosen for you)");
    }
}
