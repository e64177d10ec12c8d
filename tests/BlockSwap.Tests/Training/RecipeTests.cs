using BlockSwap.Methods.Training;
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
        Assert.Equal(expected, Cosine200.At(epoch, 0), 1e-15 + expected * 1e-9);

    [Fact]
    public void CosineSchedule_Epoch50And150()
    {
        Assert.Equal(0.085355339, Cosine200.At(50, 0), 1e-9);
        Assert.Equal(0.014644661, Cosine200.At(150, 0), 1e-9);
    }

    private static readonly LearningRateSchedule Cosine200 = new(new TrainingOptions { Epochs = 200, Schedule = LrSchedule.Cosine }, stepsPerEpoch: 391);

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(59, 0.1)]
    [InlineData(60, 0.02)]
    [InlineData(119, 0.02)]
    [InlineData(120, 0.004)]
    [InlineData(160, 0.0008)]
    [InlineData(199, 0.0008)]
    public void StepSchedule_DecaysAtTheReferenceMilestones(int epoch, double expected) =>
        Assert.Equal(expected, new LearningRateSchedule(new TrainingOptions { Epochs = 200, Schedule = LrSchedule.Step }, 391).At(epoch, 100), 12);

    [Fact]
    public void Warmup_RisesLinearlyPerStep_ThenFollowsTheSchedule()
    {
        var s = new LearningRateSchedule(new TrainingOptions { Epochs = 10, Lr = 0.1, WarmupEpochs = 2, Schedule = LrSchedule.Cosine }, stepsPerEpoch: 10);
        Assert.Equal(0.1 * 1 / 20, s.At(0, 0), 12);
        Assert.Equal(s.Base(0) * 10 / 20, s.At(0, 9), 12);
        Assert.Equal(s.Base(1) * 20 / 20, s.At(1, 9), 12);
        Assert.Equal(s.Base(2), s.At(2, 0), 12);
        Assert.Contains("warm-up", Assert.Throws<BlockSwapException>(() => new TrainingOptions { Epochs = 2, WarmupEpochs = 3 }.Validate()).Message);
        Assert.Contains("milestones", Assert.Throws<BlockSwapException>(() => StepMilestones.Parse("60,x")).Message);
        Assert.Equal(StepMilestones.Parse("60, 120,160"), StepMilestones.Default); // value-equal: a resume compares recipes
        Assert.Equal("\"2,5\"", System.Text.Json.JsonSerializer.Serialize(StepMilestones.Parse("2,5")));
    }

    [Fact]
    public void LabelSmoothing_MatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, 0, -1 }).view(1, 3);
        var y = tensor(new long[] { 0 });
        var logp = new[] { 2.0, 0, -1 }.Select(v => v - Math.Log(Math.Exp(2) + Math.Exp(0) + Math.Exp(-1))).ToArray();
        double eps = 0.1, expected = (1 - eps) * -logp[0] + eps * logp.Average(l => -l);
        Assert.Equal(expected, Distillation.KnowledgeDistillation(logits, logits, y, 0, 4, eps).item<float>(), 5);
    }

    [Fact]
    public void WeightAverage_IsTheExponentialMovingAverageOfEveryFloatEntry()
    {
        using var scope = NewDisposeScope();
        var plan = BlockSwap.Engine.Networks.NetworkPlan.Uniform(BlockSwap.Engine.Networks.Architecture.WideResNet(10, 1, 10, 1, 8), BlockSwap.Description.Blocks.BlockCatalogue.Get("Conv"));
        using var net = new BlockSwap.Engine.Networks.BlockSwapNetwork(plan, 1);
        using var ema = new WeightAverage(net, 0.9);
        var start = net.state_dict()["fc.weight"].clone();
        using (no_grad()) net.state_dict()["fc.weight"].add_(1);
        ema.Update();
        Assert.Equal(0.0, (ema.Network.state_dict()["fc.weight"] - (start + 0.1)).abs().max().item<float>(), 6);
        using (no_grad()) net.state_dict()["fc.weight"].add_(1);
        ema.Update();
        // 0.9·(start + 0.1) + 0.1·(start + 2) = start + 0.29
        Assert.Equal(0.0, (ema.Network.state_dict()["fc.weight"] - (start + 0.29)).abs().max().item<float>(), 6);
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
        using var opt = Optimisers.Create([w], new TrainingOptions { Lr = 0.1, Momentum = 0.9, WeightDecay = 0.1 });
        w.grad = tensor(new float[] { 0.5f, 0.5f });
        opt.step();
        // d = g + 0.1·w = (0.6, 0.3); buf = d; w = w − 0.1·d = (0.94, −2.03)
        Assert.Equal(new[] { 0.94f, -2.03f }, w.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
        w.grad = tensor(new float[] { 0f, 0f });
        opt.step();
        // d = 0.1·w = (0.094, −0.203); buf = 0.9·(0.6, 0.3) + d = (0.634, 0.067); w −= 0.1·buf
        Assert.Equal(new[] { 0.8766f, -2.0367f }, w.data<float>().ToArray().Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void CosineStep_AnnealsEveryUpdate_AndEndsAtTheMinimum()
    {
        var s = new LearningRateSchedule(new TrainingOptions { Epochs = 3, Lr = 0.1, MinLr = 0, Schedule = LrSchedule.CosineStep }, stepsPerEpoch: 10);
        // Step s of epoch e sits at e + (s + 1)/10 epochs of 3: lr = 0.05·(1 + cos(π·t/3)).
        Assert.Equal(0.05 * (1 + Math.Cos(Math.PI * 0.1 / 3)), s.At(0, 0), 12);
        Assert.Equal(0.05 * (1 + Math.Cos(Math.PI * 1.5 / 3)), s.At(1, 4), 12);
        Assert.Equal(0, s.At(2, 9), 12);
        // The per-epoch cosine ends the same run at a quarter of the initial rate.
        Assert.Equal(0.025, new LearningRateSchedule(new TrainingOptions { Epochs = 3, Lr = 0.1, MinLr = 0, Schedule = LrSchedule.Cosine }, 10).At(2, 9), 12);
    }

    [Theory]
    [InlineData(3, 32, 16, LrSchedule.Cosine)]      // the paper's inputs: the paper's recipe
    [InlineData(1, 28, 0, LrSchedule.CosineStep)]   // gray Fashion-MNIST: no Cutout, annealed per step
    [InlineData(3, 64, 32, LrSchedule.CosineStep)]  // other colour images: Cutout scaled to the side
    public void Recipe_FitsTheInput(int channels, int size, int cutout, LrSchedule schedule)
    {
        var fitted = TrainingRecipe.Fit(new TrainingOptions(), channels, size);
        Assert.Equal(cutout, fitted.Cutout);
        Assert.Equal(schedule, fitted.Schedule);
        // What the user chose is kept.
        var chosen = TrainingRecipe.Fit(new TrainingOptions { Cutout = 8, Schedule = LrSchedule.Step }, channels, size);
        Assert.Equal(8, chosen.Cutout);
        Assert.Equal(LrSchedule.Step, chosen.Schedule);
    }

    [Fact]
    public void UnresolvedSchedule_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => new LearningRateSchedule(new TrainingOptions(), 10).At(0, 0));
}
