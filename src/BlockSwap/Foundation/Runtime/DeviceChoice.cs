namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// A device as a user names it: <c>cpu</c>, <c>cuda</c> (the default GPU, or each MPI rank's) or <c>cuda:N</c>. Parsed
/// when the command line is; whether the machine has it is known only once libtorch is loaded
/// (<see cref="TorchRuntime.ResolveDevice(DeviceChoice)"/>).
/// </summary>
public sealed record DeviceChoice(bool Cuda, int? Index)
{
    public static DeviceChoice Cpu { get; } = new(false, null);

    public static DeviceChoice Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return Cpu;
        if (n == "cuda") return new(true, null);
        if (n.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(n[5..], out int index) && index >= 0) return new(true, index);
        throw new BlockSwapException($"device '{name}' is not a device; use cpu, cuda or cuda:N");
    }

    public override string ToString() => !Cuda ? "cpu" : Index is { } i ? $"cuda:{i}" : "cuda";
}

/// <summary>A memory layout as a user names it: one of <see cref="MemoryLayout"/>, or <c>auto</c> (the command's own choice).</summary>
public sealed record LayoutChoice(MemoryLayout? Fixed)
{
    public static LayoutChoice Auto { get; } = new((MemoryLayout?)null);

    public static LayoutChoice Parse(string name) => name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) ? Auto : new(MemoryLayouts.Parse(name, default));

    /// <summary>The layout, with <paramref name="auto"/> for <c>auto</c>.</summary>
    public MemoryLayout Resolve(MemoryLayout auto) => Fixed ?? auto;

    public override string ToString() => Fixed is { } f ? f.Name() : "auto";
}
