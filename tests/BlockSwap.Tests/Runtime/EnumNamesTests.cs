using System.Text.Json;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Training;

namespace BlockSwap.Tests.Runtime;

/// <summary>One name table for every enum: the command line and the settings files spell each value the same way.</summary>
public class EnumNamesTests
{
    private static void RoundTrips<T>(params string[] expected) where T : struct, Enum
    {
        Assert.Equal(expected, EnumNames.All<T>());
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(JsonSerializer.Serialize(value), $"\"{value.Name()}\"");
            Assert.Equal(value, EnumNames.Parse<T>($"  {value.Name().ToUpperInvariant()} ", "thing"));
        }
    }

    [Fact]
    public void EveryEnum_ParsesAndPrintsItsJsonNames()
    {
        RoundTrips<WrapperPolicy>("per-block", "group-first");
        RoundTrips<MemoryLayout>("nchw", "channels-last");
        RoundTrips<Precision>("fp32", "bf16");
        RoundTrips<LrSchedule>("cosine", "cosine-step", "auto", "step");
        RoundTrips<BatchNormKernel>("float64", "libtorch");
    }

    [Fact]
    public void AliasesAndErrors()
    {
        Assert.Equal(WrapperPolicy.GroupFirst, WrapperPolicies.Parse("groupfirst"));
        Assert.Equal(MemoryLayout.ChannelsLast, MemoryLayouts.Parse("nhwc", MemoryLayout.Nchw));
        Assert.Equal(MemoryLayout.Nchw, MemoryLayouts.Parse("auto", MemoryLayout.Nchw));
        var e = Assert.Throws<BlockSwapException>(() => EnumNames.Parse<LrSchedule>("linear", "schedule"));
        Assert.Equal("unknown schedule 'linear'; use cosine, cosine-step, auto or step", e.Message);
    }
}
