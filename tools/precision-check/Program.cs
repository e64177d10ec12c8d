// How far each scoring arithmetic's Fisher potentials are from a float64 evaluation of the same candidates
// (same genotypes, initial weights and batches as `blockswap search --dataset synthetic --seed 1`).
// Usage: dotnet run -c Release --project tools/precision-check -- [CANDIDATES=48] [BUDGET=400000] [MODES=nchw,channels-last,channels-last-libtorch,bf16]
// (bf16: the whole network and batch in bfloat16, as `search --precision bf16` scores; float64 is always evaluated.)
using System.Diagnostics;
using BlockSwap.Data;
using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Foundation.Statistics;
using static TorchSharp.torch;

int n = args.Length > 0 ? int.Parse(args[0]) : 48;
long budget = args.Length > 1 ? long.Parse(args[1]) : 400_000;
const long seed = 1;
TorchRuntime.Initialise();
var arch = Architecture.WideResNet(40, 2);
var genotypes = new CandidateSampler(arch).Sample(new BudgetWindow(budget, SearchSettings.DefaultWindow), n, seed).Genotypes;
using var data = SyntheticData.Create(10, 3, 32, 256, 16, seed);
var loader = new BatchLoader(data.Train, 128, seed, CPU);
string[] modes = [.. (args.Length > 2 ? args[2] : "nchw,channels-last,channels-last-libtorch,bf16").Split(',').Where(m => m != "float64"), "float64"];
var values = modes.ToDictionary(m => m, _ => new List<double[]>());
var seconds = modes.ToDictionary(m => m, _ => new List<double>());

for (int i = 0; i < n; i++)
{
    var plan = new NetworkSpec(arch, genotypes[i], WrapperPolicy.PerBlock).ToPlan();
    using var scope = NewDisposeScope();
    var (x, y) = loader.RandomBatch(Seeds.Derive(seed, "batch", i));
    foreach (var mode in modes)
    {
        using var net = new BlockSwapNetwork(plan, Seeds.Derive(seed, "init", i), CPU);
        var watch = Stopwatch.StartNew();
        net.Compute.BatchNorm = mode == "channels-last-libtorch" ? BatchNormKernel.LibTorch : BatchNormKernel.Float64;
        values[mode].Add(mode switch
        {
            "nchw" => new FisherPotential().Score(net, x, y).PerBlock!,
            "float64" => Float64(net, x, y),
            "bf16" => Bf16(net, x, y),
            _ => new FisherPotential().Score(net, x.In(MemoryLayout.ChannelsLast), y).PerBlock!,
        });
        seconds[mode].Add(watch.Elapsed.TotalSeconds);
    }
    Console.Error.Write($"\rcandidate {i + 1}/{n}");
    GC.Collect();
    GC.WaitForPendingFinalizers();
}
Console.Error.WriteLine();

var exact = values["float64"];
Console.WriteLine($"{n} WRN-40-2 candidates at {budget:N0}, batch 128: relative distance of each arithmetic's Fisher potentials to float64");
Console.WriteLine("| arithmetic | per block, median / max | total, median / max | Spearman with float64 | same winner | s per candidate |");
Console.WriteLine("|---|---|---|---:|---|---:|");
foreach (var mode in modes.Where(m => m != "float64"))
    Console.WriteLine(Row(mode, values[mode], exact, seconds[mode]));
if (values.ContainsKey("nchw") && values.ContainsKey("channels-last"))
    Console.WriteLine(Row("channels-last against nchw", values["channels-last"], values["nchw"], seconds["channels-last"]));

static string Row(string name, List<double[]> v, List<double[]> reference, List<double> s)
{
    var perBlock = v.Zip(reference).SelectMany(p => p.First.Zip(p.Second).Where(b => b.Second != 0).Select(b => Math.Abs(b.First - b.Second) / Math.Abs(b.Second))).ToList();
    var totals = v.Select(b => b.Sum()).ToArray();
    var refTotals = reference.Select(b => b.Sum()).ToArray();
    var total = totals.Zip(refTotals).Select(t => Math.Abs(t.First - t.Second) / Math.Abs(t.Second)).ToList();
    bool sameWinner = Array.IndexOf(totals, totals.Max()) == Array.IndexOf(refTotals, refTotals.Max());
    return $"| {name} | {Median(perBlock):E1} / {perBlock.Max():E1} | {Median(total):E1} / {total.Max():E1} | {Ranking.Spearman(totals, refTotals):F5} | {(sameWinner ? "yes" : "no")} | {Median(s):F3} |";
}

static double Median(List<double> v) { var s = v.Order().ToList(); return s[s.Count / 2]; }

// As `search --precision bf16` scores: network and batch in bfloat16 (channels-last), loss and products in float32.
static double[] Bf16(BlockSwapNetwork net, Tensor x, Tensor y)
{
    TorchSharp.ModuleExtensionMethods.to(net, ScalarType.BFloat16);
    return new FisherPotential().Score(net, x.In(MemoryLayout.ChannelsLast).to(ScalarType.BFloat16), y).PerBlock!;
}

// Fisher potential per block with the network, the loss and every product in float64.
static double[] Float64(BlockSwapNetwork net, Tensor x, Tensor y)
{
    using var scope = NewDisposeScope();
    TorchSharp.ModuleExtensionMethods.to(net, ScalarType.Float64);
    net.train();
    var output = net.Forward(x.to(ScalarType.Float64), collectResiduals: true);
    var residuals = output.Residuals.ToArray();
    var grads = autograd.grad([nn.functional.cross_entropy(output.Logits, y)], residuals);
    return residuals.Select((r, i) => FisherPotential.ChannelDeltas(r.detach(), grads[i]).sum().item<double>()).ToArray();
}
