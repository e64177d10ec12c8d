using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace BlockSwap.Methods.Latency;

/// <summary>
/// What makes latencies measured on one machine valid on another: CPU model, logical CPU count, OS architecture and
/// the ONNX Runtime version. A cached latency table is used only on a machine with the same fingerprint.
/// </summary>
public sealed record MachineFingerprint(string Description)
{
    /// <summary>Short stable digest of the description (part of cache file names).</summary>
    public string Digest => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Description)))[..12].ToLowerInvariant();

    public override string ToString() => Description;

    public static MachineFingerprint Current { get; } = new(Describe());

    private static string Describe()
    {
        // The model name alone can cover several generations on a virtual machine ("AMD EPYC"): add family, model and
        // the vector extensions, which decide the kernels and so the timings.
        string cpu = BlockSwap.Foundation.Runtime.Provenance.CpuModel + (BlockSwap.Foundation.Runtime.Provenance.CpuIdentity is { } id ? $" ({id}; {BlockSwap.Foundation.Runtime.Provenance.CpuFeatureList})" : "");
        string ort;
        try { ort = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString(); }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException) { ort = "unavailable"; }
        return $"{cpu}; {Environment.ProcessorCount} logical CPUs; {RuntimeInformation.OSDescription.Split(' ')[0]} {RuntimeInformation.OSArchitecture}; onnxruntime {ort}";
    }
}
