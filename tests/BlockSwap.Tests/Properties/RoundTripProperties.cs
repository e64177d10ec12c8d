using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using CsCheck;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Properties;

/// <summary>
/// What must hold whatever the draw: a search split into any number of shards and merged is the search in one process;
/// a training stopped at any step and resumed ends where the uninterrupted one does; any network of the catalogue
/// exported to ONNX computes what TorchSharp computes. Fixed seeds in CI; BLOCKSWAP_PROPERTIES=long explores more.
/// </summary>
[Trait("Category", TestCategories.Property)]
public class RoundTripProperties
{
    private static bool Long => Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTIES") == "long";
    private static long Iter(int ci, int @long) => Long ? @long : ci;
    private static string? Seed(string ci) => Long ? null : ci;
    private static string Temp() => Scratch.Folder("bs-prop-");

    [Fact]
    public void SearchShardedAndMerged_EqualsOneProcess()
    {
        using var data = SyntheticData.Create(10, 3, 16, 64, 16, seed: 3);
        var arch = Architecture.WideResNet(10, 1, 10, 3, 16);
        Gen.Select(Gen.Int[3, 8], Gen.Int[1, 4], Gen.Long[1, 1000]).Sample((samples, shards, seed) =>
        {
            shards = Math.Min(shards, samples);
            var settings = new SearchSettings { Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 40_000, Window = 0.25 }, Architecture = arch, Samples = samples, BatchSize = 16, Seed = seed, Dataset = "synthetic" };
            var one = SearchRunner.Run(settings, data, CPU, Temp(), resume: false);
            var dirs = Enumerable.Range(0, shards).Select(i =>
            {
                var dir = Temp();
                SearchRunner.Run(settings with { ShardIndex = i, ShardCount = shards }, data, CPU, dir, resume: false);
                return dir;
            }).ToArray();
            var merged = SearchRunner.Merge(dirs, Temp());
            Assert.Equal(one.Candidates.Select(c => (c.Index, c.Genotype.ToString(), c.Proxies["fisher"])),
                merged.Candidates.Select(c => (c.Index, c.Genotype.ToString(), c.Proxies["fisher"])));
            Assert.Equal(one.Best.Candidate.Genotype, merged.Best.Candidate.Genotype);
        }, seed: Seed("0001md2F35u1"), iter: Iter(3, 20), threads: 1);
    }

    [Fact]
    public void TrainingStoppedAtAnyStep_AndResumed_EndsWithTheSameWeights()
    {
        using var data = SyntheticData.Create(10, 1, 12, 96, 32, seed: 4); // 3 steps of 32 per epoch, 2 epochs
        var plan = new NetworkSpec(Architecture.WideResNet(10, 1, 10, 1, 12), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 9, Lr = 0.05 };
        var full = Temp();
        Trainer.Run(new TrainingJob(plan, data, options, CPU, full));
        var expected = Weights(full);
        Gen.Int[1, 5].Sample(stopAfter =>
        {
            var part = Temp();
            using var cts = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Progress = new StopAfter(stopAfter, cts), Cancel = cts.Token }));
            Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Resume = true });
            Assert.Equal(expected, Weights(part));
        }, seed: Seed("0001md2F35u1"), iter: Iter(2, 10), threads: 1);
    }

    [Fact]
    public void AnyCatalogueNetwork_ExportedToOnnx_ComputesWhatTorchSharpComputes()
    {
        var gen =
            from depth in Gen.OneOf(10, 16)
            from width in Gen.Int[1, 2]
            from channels in Gen.OneOf(1, 3)
            from size in Gen.Int[8, 36]
            from classes in Gen.Int[2, 12]
            from policy in Gen.OneOf(WrapperPolicy.PerBlock, WrapperPolicy.GroupFirst)
            from picks in Gen.Int[0, BlockCatalogue.All.Count - 1].Array[(depth - 4) / 2]
            from seed in Gen.Long[1, 1000]
            select (depth, width, channels, size, classes, policy, picks, seed);
        gen.Sample(x =>
        {
            var arch = Architecture.WideResNet(x.depth, x.width, x.classes, x.channels, x.size);
            // The type drawn at a position, or the first after it in the catalogue that fits there.
            var types = arch.Positions.Select((p, i) => Enumerable.Range(0, BlockCatalogue.All.Count).Select(k => BlockCatalogue.All[(x.picks[i] + k) % BlockCatalogue.All.Count])
                .First(t => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out))).ToArray();
            NetworkPlan plan;
            try { plan = new NetworkSpec(arch, new Genotype(types), x.policy).ToPlan(); }
            catch (BlockSwapException) { return; } // group-first can impose a wrapper a type cannot fill
            using var net = new BlockSwapNetwork(plan, x.seed);
            foreach (var fold in new[] { false, true })
            {
                var model = Google.Protobuf.MessageExtensions.ToByteArray(OnnxExporter.Build(net, new OnnxExportOptions(FoldBatchNorm: fold)));
                double diff = OnnxVerifier.MaxAbsDifference(net, model, batch: 2, seed: x.seed);
                Assert.True(diff <= 1e-4, $"{plan.Spec} (fold {fold}): ONNX Runtime differs by {diff}");
            }
        }, seed: Seed("0001md2F35u1"), iter: Iter(12, 200), threads: 1, print: x => $"wrn-{x.depth}-{x.width} {x.channels}×{x.size} {x.classes} classes {x.policy} picks {string.Join(",", x.picks)} seed {x.seed}");
    }

    private static float[] Weights(string dir)
    {
        var (net, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "checkpoint"), CPU);
        using (net) return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    /// <summary>Cancels after a number of steps counted over the whole run.</summary>
    private sealed class StopAfter(int steps, CancellationTokenSource cts) : ITrainingProgress
    {
        private int seen;
        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void Stepped(int step, double loss, double imagesPerSecond) { if (++seen == steps) cts.Cancel(); }
        public void EpochEnded(EpochMetrics metrics) { }
    }
}
