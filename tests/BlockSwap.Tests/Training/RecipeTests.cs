using BlockSwap.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Training;

public class RecipeTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.0999938316240892)]
    [InlineData(2, 0.09997532801831126)]
    [InlineData(100, 0.05000000005)]
    [InlineData(199, 6.1684759108e-06)]
    public void CosineSchedule_MatchesReferenceValues(int epoch, double expected) =>
        Assert.Equal(expected, new CosineSchedule(0.1, 200).At(epoch), 1e-15 + expected * 1e-9);

    [Fact]
    public void CosineSchedule_Epoch50And150()
    {
        Assert.Equal(0.085355339, new CosineSchedule(0.1, 200).At(50), 1e-9);
        Assert.Equal(0.014644661, new CosineSchedule(0.1, 200).At(150), 1e-9);
    }

    [Fact]
    public void AttentionTransfer_WorkedExample()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 0, 1, 2 }).view(1, 2, 1, 2);
        var t = tensor(new float[] { 2, 0, 0, 0 }).view(1, 2, 1, 2);
        Assert.Equal(0.5527864, Distillation.AttentionTransfer(s, t).item<float>(), 6);
        Assert.Equal(1000, Distillation.PairWeight(1000, 3));
    }

    [Fact]
    public void KnowledgeDistillation_MatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new float[] { 1, 0 }).view(1, 2);
        var t = tensor(new float[] { 0, 1 }).view(1, 2);
        var y = tensor(new long[] { 0 });
        // τ = 1: p_t = (1−σ, σ) with σ = sigmoid(1); p_s = (σ, 1−σ); KL entries averaged over 2 entries.
        double sig = 1 / (1 + Math.Exp(-1));
        double kl = ((1 - sig) * Math.Log((1 - sig) / sig) + sig * Math.Log(sig / (1 - sig))) / 2;
        double ce = -Math.Log(sig);
        double expected = 2 * 0.5 * kl + 0.5 * ce;
        Assert.Equal(expected, Distillation.KnowledgeDistillation(s, t, y, 0.5, 1).item<float>(), 5);
        Assert.Equal(ce, Distillation.KnowledgeDistillation(s, t, y, 0, 4).item<float>(), 5);
    }

    [Fact]
    public void Sgd_FollowsPyTorchUpdate()
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(new float[] { 1, -2 }));
        using var opt = Sgd.Create([w], new TrainingOptions { Lr = 0.1, Momentum = 0.9, WeightDecay = 0.1 });
        w.grad = tensor(new float[] { 0.5f, 0.5f });
        opt.step();
        // d = g + 0.1·w = (0.6, 0.3); buf = d; w = w − 0.1·d = (0.94, −2.03)
        Assert.Equal(new[] { 0.94f, -2.03f }, w.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
        w.grad = tensor(new float[] { 0f, 0f });
        opt.step();
        // d = 0.1·w = (0.094, −0.203); buf = 0.9·(0.6, 0.3) + d = (0.634, 0.067); w −= 0.1·buf
        Assert.Equal(new[] { 0.8766f, -2.0367f }, w.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
    }
}
