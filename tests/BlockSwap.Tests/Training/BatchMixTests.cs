using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Training;

/// <summary>Mixup and CutMix on batches whose image i is filled with the value i, so every pixel says where it came from.</summary>
public class BatchMixTests
{
    private static (Tensor Images, Tensor Labels) Batch(int n = 8, int side = 10) =>
        (arange(n, dtype: ScalarType.Float32).view(n, 1, 1, 1).expand(n, 2, side, side).contiguous(), arange(n, dtype: ScalarType.Int64));

    [Fact]
    public void Mixup_BlendsEachImageWithItsPartner_ByLambda()
    {
        var (x, y) = Batch();
        var mix = BatchMix.Mix(x, y, mixupAlpha: 0.4, cutmixAlpha: 0, new Random(5))!;
        var partner = mix.PartnerLabels.data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), partner.Order());
        Assert.InRange(mix.Lambda, 0, 1);
        for (int i = 0; i < 8; i++)
        {
            double expected = mix.Lambda * i + (1 - mix.Lambda) * partner[i];
            Assert.Equal(expected, mix.Images[i].min().item<float>(), 5);
            Assert.Equal(expected, mix.Images[i].max().item<float>(), 5);
        }
        var again = BatchMix.Mix(x, y, 0.4, 0, new Random(5))!;
        Assert.Equal(mix.Lambda, again.Lambda);
        Assert.Equal(partner, again.PartnerLabels.data<long>().ToArray());
    }

    [Fact]
    public void CutMix_PastesOneBoxOfThePartner_AndLambdaIsTheKeptArea()
    {
        var (x, y) = Batch();
        var mix = BatchMix.Mix(x, y, mixupAlpha: 0, cutmixAlpha: 1.0, new Random(3))!;
        var partner = mix.PartnerLabels.data<long>().ToArray();
        for (int i = 0; i < 8; i++)
        {
            var pixels = mix.Images[i].data<float>().ToArray();
            int own = pixels.Count(v => v == i), pasted = pixels.Count(v => v == partner[i]);
            if (partner[i] == i) continue;
            Assert.Equal(pixels.Length, own + pasted);
            Assert.Equal(mix.Lambda, (double)own / pixels.Length, 10);
        }
        Assert.Null(BatchMix.Mix(x, y, 0, 0, new Random(1)));
    }

    [Fact]
    public void Loss_WeighsBothLabelsByLambda()
    {
        var logits = tensor(new float[] { 2, 0, -1, 0, 1, 3 }, [2, 3]);
        var a = tensor(new long[] { 0, 2 });
        var b = tensor(new long[] { 1, 0 });
        Tensor Ce(Tensor labels) => nn.functional.cross_entropy(logits, labels);
        double expected = 0.3 * Ce(a).item<float>() + 0.7 * Ce(b).item<float>();
        Assert.Equal(expected, BatchMix.Loss(Ce, a, b, 0.3).item<float>(), 5);
    }
}
