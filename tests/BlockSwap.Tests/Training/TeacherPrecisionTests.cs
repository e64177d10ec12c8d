using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Training;

public class TeacherPrecisionTests
{
    private static (double At, BlockSwapNetwork Teacher) Step(Precision precision)
    {
        var arch = Architecture.WideResNet(10, 1);
        var teacher = new BlockSwapNetwork(NetworkSpec.Teacher(arch).ToPlan(), seed: 1);
        using var student = new BlockSwapNetwork(NetworkSpec.Uniform(arch, BlockSwap.Description.Blocks.BlockCatalogue.Get("DConvA8")).ToPlan(), seed: 2);
        var options = new TrainingOptions { BatchSize = 8, Epochs = 1, Lr = 0.01, TeacherPrecision = precision };
        using var opt = Optimisers.Create(student.parameters(), options);
        var gen = new TorchSharp.torch.Generator(7);
        var r = new TrainingStep(student, teacher, opt, options).Run(randn([8, 3, 32, 32], generator: gen), tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7 }), 0.01);
        Assert.All(student.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        return (r.AtLoss, teacher);
    }

    /// <summary>
    /// A bf16 teacher gives the AT term of a float32 one to within bf16 rounding (2.3e-4 relative when written), with its
    /// weights rounded once and the student left in float32.
    /// </summary>
    [Fact]
    public void Bf16Teacher_GivesTheFloat32AttentionTerm_ToRounding()
    {
        using var scope = NewDisposeScope();
        var (fp32, t32) = Step(Precision.Fp32);
        var (bf16, t16) = Step(Precision.Bf16);
        Assert.All(t32.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(t16.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.True(fp32 > 0);
        double rel = Math.Abs(bf16 - fp32) / fp32;
        Assert.True(rel is > 0 and < 0.02, $"AT {fp32} (fp32 teacher) against {bf16} (bf16): relative {rel:E2}");
        t32.Dispose();
        // A teacher rounded by one training cannot silently serve a later float32 one.
        var options = new TrainingOptions { BatchSize = 8, Epochs = 1, Lr = 0.01 };
        using var student = new BlockSwapNetwork(NetworkSpec.Teacher(Architecture.WideResNet(10, 1)).ToPlan(), seed: 3);
        using var opt = Optimisers.Create(student.parameters(), options);
        Assert.Contains("rounded to bf16", Assert.Throws<InvalidOperationException>(() => new TrainingStep(student, t16, opt, options)).Message);
        t16.Dispose();
    }
}
