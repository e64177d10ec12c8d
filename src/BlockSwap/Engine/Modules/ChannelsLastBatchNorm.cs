using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>
/// Training-mode batch norm for channels-last float32 CPU tensors whose per-channel sums (statistics, and the two
/// gradient reductions) accumulate in float64 (docs/performance.md, "Channels-last batch norm").
/// libtorch's channels-last kernel accumulates them in float32, which moved Fisher potentials 20× further from a
/// float64 evaluation than the NCHW kernel (double statistics) does; with these sums the fast layout is as exact as
/// the reference's NCHW arithmetic. The memory is read as N·H·W rows of C floats.
/// </summary>
public static class ChannelsLastBatchNorm
{
    /// <summary>True when <paramref name="bn"/> on <paramref name="x"/> takes this path.</summary>
    public static bool Applies(BatchNorm2d bn, Tensor x)
    {
        if (!bn.training || x.dim() != 4 || x.dtype != ScalarType.Float32 || x.device_type != TorchSharp.DeviceType.CPU
            || bn.weight is null || bn.bias is null || bn.weight.dtype != ScalarType.Float32
            || x.shape[0] * x.shape[2] * x.shape[3] < 2 || x.is_contiguous()) return false;
        using var nhwc = x.permute(0, 2, 3, 1);
        return nhwc.is_contiguous();
    }

    /// <summary>
    /// The module's training-mode forward (batch statistics, running statistics and the batch counter updated as
    /// nn.BatchNorm2d does); with <paramref name="relu"/> the ReLU that follows is fused in (one pass less each way).
    /// </summary>
    public static Tensor Forward(BatchNorm2d bn, Tensor x, bool relu = false)
    {
        double momentum = bn.momentum ?? 0.1;
        bool track = bn.running_mean is not null && bn.running_var is not null;
        if (track && bn.num_batches_tracked is { } count)
        {
            using var _ = no_grad();
            count.add_(1);
            if (bn.momentum is null) momentum = 1.0 / count.item<long>();
        }
        var y = Function.apply(x, bn.weight!, bn.bias!, new Settings(bn.eps, momentum, track ? bn.running_mean : null, track ? bn.running_var : null, relu));
        OutputCache.Release();
        return y;
    }

    /// <summary>
    /// Whether TorchSharp still has the private fields the output-cache release reads (<c>AutogradContext._node</c> and the
    /// node's <c>_outputCache</c>); false after an upgrade renamed them, which silently raises peak memory (2.9 → 4.5 GB
    /// on a WRN-40-2 search). A test asserts it, and the first batch norm warns once when it is false.
    /// </summary>
    public static bool OutputCacheFieldsFound => OutputCache.FieldsFound;

    /// <summary>Whether this process printed the missing-cache warning (a test checks a forward without gradients does not).</summary>
    internal static bool CacheWarningShown => OutputCache.Warned;

    /// <summary>
    /// TorchSharp's custom-function node keeps an uninitialised tensor the size of every output, used only to
    /// materialise a missing output gradient as zeros; one per batch norm raised a WRN-40-2 search's peak memory
    /// from 2.9 to 4.5 GB. Our output always receives a gradient, so the node's cache is dropped (by reflection,
    /// as TorchSharp 0.107 offers no switch; without the field the cache simply stays).
    /// </summary>
    private static class OutputCache
    {
        private const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        private static readonly System.Reflection.FieldInfo? NodeField = typeof(autograd.AutogradContext).GetField("_node", Private);
        [ThreadStatic] private static object? lastNode;
        private static System.Reflection.FieldInfo? cacheField;
        private static int warned;

        public static bool Warned => Volatile.Read(ref warned) == 1;

        public static bool FieldsFound
        {
            get
            {
                var nodeType = NodeField?.FieldType;
                return NodeField is not null && nodeType is not null && FindCache(nodeType) is not null;
            }
        }

        // The node's declared type may be a base class; search it and the types derived from it in TorchSharp.
        private static System.Reflection.FieldInfo? FindCache(Type nodeType) =>
            nodeType.GetField("_outputCache", Private)
            ?? nodeType.Assembly.GetTypes().Where(t => nodeType.IsAssignableFrom(t)).Select(t => t.GetField("_outputCache", Private)).FirstOrDefault(f => f is not null);

        public static void Remember(autograd.AutogradContext ctx)
        {
            ctx.set_materialize_grads(false);
            lastNode = NodeField?.GetValue(ctx);
            if (NodeField is null && Interlocked.Exchange(ref warned, 1) == 0)
                Console.Error.WriteLine("warning: this TorchSharp has no AutogradContext._node; the batch-norm output cache is kept, which raises peak memory (see docs/performance.md)");
        }

        public static void Release()
        {
            var node = lastNode;
            lastNode = null;
            if (node is null) return;
            cacheField ??= node.GetType().GetField("_outputCache", Private);
            if (cacheField is null || cacheField.FieldType != typeof(List<Tensor>))
            {
                if (Interlocked.Exchange(ref warned, 1) == 0)
                    Console.Error.WriteLine("warning: this TorchSharp's autograd node has no _outputCache list; the batch-norm output cache is kept, which raises peak memory (see docs/performance.md)");
                return;
            }
            // A node made where no gradient is recorded (a proxy's forward under no_grad) has no cache to release.
            if (cacheField.GetValue(node) is not List<Tensor> cache) return;
            for (int i = 0; i < cache.Count; i++)
            {
                cache[i]?.Dispose();
                cache[i] = null!;
            }
        }
    }

    private sealed record Settings(double Eps, double Momentum, Tensor? RunningMean, Tensor? RunningVar, bool Relu);

    /// <summary>A contiguous float CPU tensor's own memory (a Span: below 2 GiB, which one guard says plainly).</summary>
    private static Span<float> Floats(Tensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(BlockSwap.Foundation.Runtime.TensorMemory.Bytes(t, "channels-last batch norm"));

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "ChannelsLastBatchNorm";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var bias = (Tensor)vars[2];
            var s = (Settings)vars[3];
            int c = (int)x.shape[1];
            long rows = x.numel() / c;
            var mean = new float[c];
            var invstd = new float[c];
            var varSum = new double[c];
            BatchNormKernels.Moments(x, rows, c, mean, varSum);
            for (int j = 0; j < c; j++)
                invstd[j] = (float)(1.0 / Math.Sqrt((float)varSum[j] / rows + s.Eps));
            if (s.RunningMean is not null && s.RunningVar is not null)
            {
                // libtorch's update, in double: r = m·batch + (1 − m)·r, the variance unbiased.
                var runningMean = Floats(s.RunningMean);
                var runningVar = Floats(s.RunningVar);
                for (int j = 0; j < c; j++)
                {
                    runningMean[j] = (float)(s.Momentum * mean[j] + (1 - s.Momentum) * runningMean[j]);
                    runningVar[j] = (float)(s.Momentum * (varSum[j] / (rows - 1)) + (1 - s.Momentum) * runningVar[j]);
                }
            }
            var w = Floats(weight).ToArray();
            var b = Floats(bias).ToArray();
            var alpha = new float[c];
            var beta = new float[c];
            for (int j = 0; j < c; j++)
            {
                alpha[j] = invstd[j] * w[j];
                beta[j] = b[j] - mean[j] * alpha[j];
            }
            var y = empty_like(x);
            BatchNormKernels.Affine(x, y, rows, c, alpha, beta, s.Relu);
            ctx.save_for_backward([x]);
            OutputCache.Remember(ctx);
            // Where the fused ReLU passed gradients is recomputed from x with the same float operations (one
            // stream less to read than saving the output).
            if (s.Relu) ctx.save_data("gate", new ReluGate(alpha, beta));
            ctx.save_data("backward", new BackwardRun());
            ctx.save_data("mean", mean);
            ctx.save_data("invstd", invstd);
            ctx.save_data("weight", w);
            return y;
        }

        /// <summary>Marks a node whose backward has run: the rule "one backward per node" is checked, not assumed.</summary>
        private sealed class BackwardRun
        {
            public bool Done;
        }

        // Tensors that cross into libtorch are freed as soon as libtorch holds its own reference: the incoming
        // gradient and the saved input at the end of backward, the returned gradients at the next call. Left to
        // the caller's dispose scope they stayed alive for the whole backward (peak memory 2.7 → 4.1 GB).
        [ThreadStatic] private static List<Tensor>? returned;

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            // The saved input is freed at the end of the first backward (memory): a second one would read freed memory.
            // No exception can cross libtorch's autograd engine, so the process stops here with the reason.
            var run = (BackwardRun)ctx.get_data("backward");
            if (run.Done)
                Environment.FailFast("a second backward through the channels-last batch norm (retain_graph) is not supported: its saved input was freed after the first; use --batch-norm libtorch");
            run.Done = true;
            if (returned is not null) foreach (var t in returned) t.Dispose();
            using var x = ctx.get_saved_variables()[0];
            var gate = ctx.get_data("gate") as ReluGate;
            var mean = (float[])ctx.get_data("mean");
            var invstd = (float[])ctx.get_data("invstd");
            var w = (float[])ctx.get_data("weight");
            int c = mean.Length;
            long rows = x.numel() / c;
            using var nhwc = gradOutput.permute(0, 2, 3, 1);
            using var copy = nhwc.is_contiguous() ? null : nhwc.contiguous();
            using var dy = copy?.permute(0, 3, 1, 2);
            var g = dy ?? gradOutput;
            var sumDy = new double[c];
            var dot = new double[c];
            BatchNormKernels.GradientSums(x, g, gate, rows, c, mean, sumDy, dot);
            var gradMean = new float[c];
            var k = new float[c];
            var scale = new float[c];
            for (int j = 0; j < c; j++)
            {
                gradMean[j] = (float)(sumDy[j] / rows);
                k[j] = (float)(dot[j] / rows) * invstd[j] * invstd[j];
                scale[j] = invstd[j] * w[j];
            }
            var dx = empty_like(x);
            BatchNormKernels.InputGradient(x, g, gate, dx, rows, c, mean, gradMean, k, scale);
            var gradWeight = tensor(dot.Select((d, j) => (float)(d * invstd[j])).ToArray());
            var gradBias = tensor(sumDy.Select(d => (float)d).ToArray());
            gradOutput.Dispose();
            ctx.Dispose(); // the saved input; a second backward through this node is not supported
            returned = [dx, gradWeight, gradBias];
            return [dx, gradWeight, gradBias, null!];
        }
    }
}
