using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Tests.Foundation;

/// <summary>timm's --amp: bfloat16 where the hardware computes in it, float32 with a note elsewhere.</summary>
public class MixedPrecisionTests
{
    [Fact]
    public void OnAGpu_Bf16WithoutANote()
    {
        Assert.Equal(Precision.Bf16, MixedPrecision.Resolve(gpu: true, out var note));
        Assert.Null(note);
    }

    [Fact]
    public void OnThisCpu_WhatItsInstructionsAllow()
    {
        var precision = MixedPrecision.Resolve(gpu: false, out var note);
        Assert.Equal(Provenance.HasBf16 ? Precision.Bf16 : Precision.Fp32, precision);
        if (Provenance.HasBf16) Assert.Null(note);
        else Assert.Contains("has no bfloat16 arithmetic, so training stays in float32", note);
    }
}
