using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>Top-1/top-5 error (%) and mean loss on a whole data set, evaluation-mode BN, no augmentation.</summary>
public sealed record Evaluation(double Top1Error, double Top5Error, double Loss, int Count)
{
    /// <summary>Top-1 error (%) per class, in label order (NaN for a class with no test images).</summary>
    public IReadOnlyList<double> ClassErrors { get; init; } = [];
}

public static class Evaluator
{
    public static Evaluation Evaluate(ClassifierNetwork network, Dataset data, Device device, int batchSize = 256)
    {
        bool wasTraining = network.training;
        network.eval();
        var loader = new BatchLoader(data, batchSize, 0, device, AugmentOptions.None);
        long top1 = 0, top5 = 0;
        var seen = new long[data.Classes];
        var right = new long[data.Classes];
        double loss = 0;
        int k = Math.Min(5, data.Classes);
        try
        {
            foreach (var idx in loader.Epoch(0, shuffle: false))
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var (x, y) = loader.Get(idx, null);
                var logits = network.call(x).Logits;
                loss += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                var topk = logits.topk(k, 1).indexes;
                var hit = topk.eq(y.unsqueeze(1));
                top1 += hit.narrow(1, 0, 1).sum().item<long>();
                top5 += hit.any(1).sum().item<long>();
                var labels = y.cpu().data<long>().ToArray();
                var correct = hit.narrow(1, 0, 1).flatten().cpu().data<bool>().ToArray();
                for (int i = 0; i < labels.Length; i++)
                {
                    seen[labels[i]]++;
                    if (correct[i]) right[labels[i]]++;
                }
            }
        }
        finally
        {
            network.train(wasTraining);
        }
        int n = data.Count;
        return new Evaluation(100.0 * (n - top1) / n, 100.0 * (n - top5) / n, loss / n, n)
        {
            ClassErrors = seen.Select((s, c) => s == 0 ? double.NaN : 100.0 * (s - right[c]) / s).ToArray(),
        };
    }
}
