namespace BlockSwap.Foundation.Runtime;

/// <summary>Mixed precision as timm's <c>--amp</c> means it, on this machine.</summary>
public static class MixedPrecision
{
    /// <summary>bf16 on a GPU or on a CPU that computes in bfloat16 (AVX-512 BF16 or AMX); float32 elsewhere, with <paramref name="note"/> saying why.</summary>
    public static Precision Resolve(bool gpu, out string? note)
    {
        note = gpu || Provenance.HasBf16 ? null
            : $"--amp: this CPU ({Provenance.CpuModel}; {Provenance.CpuFeatureList}) has no bfloat16 arithmetic, so training stays in float32 (as timm's --amp without a GPU)";
        return note is null ? Precision.Bf16 : Precision.Fp32;
    }
}
