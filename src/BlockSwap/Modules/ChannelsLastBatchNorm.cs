using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TorchSharp.Modules;
using BlockSwap.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Modules;

/// <summary>
/// Training-mode batch norm for channels-last float32 CPU tensors whose per-channel sums (statistics, and the two
/// gradient reductions) accumulate in float64 (docs/performance.md, "Channels-last batch norm").
/// libtorch's channels-last kernel accumulates them in float32, which moved Fisher potentials 20× further from a
/// float64 evaluation than the NCHW kernel (double statistics) does; with these sums the fast layout is as exact as
/// the reference's NCHW arithmetic. The memory is read as N·H·W rows of C floats.
/// </summary>
public static class ChannelsLastBatchNorm
{
    /// <summary>Off: every batch norm runs libtorch's kernel (for benchmarks that compare the two).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>True when <paramref name="bn"/> on <paramref name="x"/> takes this path.</summary>
    public static bool Applies(BatchNorm2d bn, Tensor x) => Enabled &&
        bn.training && x.dim() == 4 && x.dtype == ScalarType.Float32 && x.device_type == TorchSharp.DeviceType.CPU
        && bn.weight is not null && bn.bias is not null && bn.weight.dtype == ScalarType.Float32
        && x.shape[1] > 1 && !x.is_contiguous() && x.permute(0, 2, 3, 1).is_contiguous() && x.shape[0] * x.shape[2] * x.shape[3] > 1;

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

        public static void Remember(autograd.AutogradContext ctx)
        {
            ctx.set_materialize_grads(false);
            lastNode = NodeField?.GetValue(ctx);
        }

        public static void Release()
        {
            var node = lastNode;
            lastNode = null;
            if (node?.GetType().GetField("_outputCache", Private)?.GetValue(node) is not List<Tensor> cache) return;
            for (int i = 0; i < cache.Count; i++)
            {
                cache[i]?.Dispose();
                cache[i] = null!;
            }
        }
    }

    private sealed record Settings(double Eps, double Momentum, Tensor? RunningMean, Tensor? RunningVar, bool Relu);

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
            Kernels.Moments(x, rows, c, mean, varSum);
            for (int j = 0; j < c; j++)
                invstd[j] = (float)(1.0 / Math.Sqrt((float)varSum[j] / rows + s.Eps));
            if (s.RunningMean is not null && s.RunningVar is not null)
            {
                using var _ = no_grad();
                using var m = tensor(mean);
                using var v = tensor(varSum.Select(d => (float)(d / (rows - 1))).ToArray());
                s.RunningMean.mul_(1 - s.Momentum).add_(m, alpha: s.Momentum);
                s.RunningVar.mul_(1 - s.Momentum).add_(v, alpha: s.Momentum);
            }
            var w = weight.data<float>().ToArray();
            var b = bias.data<float>().ToArray();
            var alpha = new float[c];
            var beta = new float[c];
            for (int j = 0; j < c; j++)
            {
                alpha[j] = invstd[j] * w[j];
                beta[j] = b[j] - mean[j] * alpha[j];
            }
            var y = empty_like(x);
            Kernels.Affine(x, y, rows, c, alpha, beta, s.Relu);
            // The output marks where the ReLU passed gradients; saved detached, so the node holds no cycle to itself.
            ctx.save_for_backward(s.Relu ? [x, y.detach()] : [x]);
            OutputCache.Remember(ctx);
            ctx.save_data("mean", mean);
            ctx.save_data("invstd", invstd);
            ctx.save_data("weight", w);
            return y;
        }

        // Tensors that cross into libtorch are freed as soon as libtorch holds its own reference: the incoming
        // gradient and the saved input at the end of backward, the returned gradients at the next call. Left to
        // the caller's dispose scope they stayed alive for the whole backward (peak memory 2.7 → 4.1 GB).
        [ThreadStatic] private static List<Tensor>? returned;

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            if (returned is not null) foreach (var t in returned) t.Dispose();
            var saved = ctx.get_saved_variables();
            using var x = saved[0];
            using var mask = saved.Count > 1 ? saved[1] : null;
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
            Kernels.GradientSums(x, g, mask, rows, c, mean, sumDy, dot);
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
            Kernels.InputGradient(x, g, mask, dx, rows, c, mean, gradMean, k, scale);
            var gradWeight = tensor(dot.Select((d, j) => (float)(d * invstd[j])).ToArray());
            var gradBias = tensor(sumDy.Select(d => (float)d).ToArray());
            gradOutput.Dispose();
            ctx.Dispose(); // the saved input; a second backward through this node is not supported
            returned = [dx, gradWeight, gradBias];
            return [dx, gradWeight, gradBias, null!];
        }
    }

    /// <summary>The row kernels: each splits the rows into one part per libtorch thread.</summary>
    internal static unsafe class Kernels
    {
        private const int RowTile = 64;

        // The NHWC view of a channels-last tensor is contiguous, so its bytes are the tensor's own memory.
        private static float* Pointer(Tensor t)
        {
            using var nhwc = t.permute(0, 2, 3, 1);
            return (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(nhwc.bytes));
        }

        private static readonly int MaxParts = int.TryParse(Environment.GetEnvironmentVariable("BN_PARTS"), out var v) ? v : 0;
        private static int Parts(long rows) => (int)Math.Clamp(rows / 256, 1, MaxParts > 0 ? MaxParts : Math.Max(1, get_num_threads()));

        private static (long Begin, long End) Slice(long rows, int parts, int p) => (rows * p / parts, rows * (p + 1) / parts);

        /// <summary>Per-channel mean (rounded to float) and Σ(x − mean)² in float64, each part shifted by its first row.</summary>
        public static void Moments(Tensor x, long rows, int c, float[] mean, double[] varSum)
        {
            float* px = Pointer(x);
            int parts = Parts(rows);
            var sums = new double[parts][];
            var squares = new double[parts][];
            var shifts = new float[parts][];
            TorchThreads.For(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (p) =>
            {
                var (begin, end) = Slice(rows, parts, p);
                var s = new double[c];
                var q = new double[c];
                var shift = new float[c];
                new ReadOnlySpan<float>(px + begin * c, c).CopyTo(shift);
                fixed (double* ps = s, pq = q)
                fixed (float* pf = shift)
                    ShiftedSums(px, begin, end, c, pf, ps, pq);
                sums[p] = s; squares[p] = q; shifts[p] = shift;
            });
            double n = rows;
            for (int j = 0; j < c; j++)
            {
                // Σx = Σ_p (S_p + n_p·shift_p); Σ(x − m)² = Σ_p [Q_p + n_p·(shift_p − m)² + 2(shift_p − m)·S_p].
                double total = 0;
                for (int p = 0; p < parts; p++)
                {
                    var (b, e) = Slice(rows, parts, p);
                    total += sums[p][j] + (e - b) * (double)shifts[p][j];
                }
                double m = total / n;
                double v = 0;
                for (int p = 0; p < parts; p++)
                {
                    var (b, e) = Slice(rows, parts, p);
                    double d = shifts[p][j] - m;
                    v += squares[p][j] + (e - b) * d * d + 2 * d * sums[p][j];
                }
                mean[j] = (float)m;
                varSum[j] = Math.Max(v, 0);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ShiftedSums(float* x, long begin, long end, int c, float* shift, double* sum, double* square)
        {
            int vec = c - c % Vector256<float>.Count;
            for (long tile = begin; tile < end; tile += RowTile)
            {
                long last = Math.Min(end, tile + RowTile);
                for (int j = 0; j < vec; j += Vector256<float>.Count)
                {
                    var sh = Vector256.Load(shift + j);
                    var sLo = Vector256.Load(sum + j);
                    var sHi = Vector256.Load(sum + j + 4);
                    var qLo = Vector256.Load(square + j);
                    var qHi = Vector256.Load(square + j + 4);
                    for (long r = tile; r < last; r++)
                    {
                        var v = Vector256.Load(x + r * c + j) - sh;
                        var (lo, hi) = Vector256.Widen(v);
                        sLo += lo; sHi += hi;
                        qLo += lo * lo; qHi += hi * hi;
                    }
                    sLo.Store(sum + j); sHi.Store(sum + j + 4);
                    qLo.Store(square + j); qHi.Store(square + j + 4);
                }
                for (int j = vec; j < c; j++)
                {
                    double s = 0, q = 0;
                    for (long r = tile; r < last; r++)
                    {
                        double d = (double)x[r * c + j] - shift[j];
                        s += d; q += d * d;
                    }
                    sum[j] += s; square[j] += q;
                }
            }
        }

        /// <summary>y = x·α + β per channel, then max(y, 0) with <paramref name="relu"/>.</summary>
        public static void Affine(Tensor x, Tensor y, long rows, int c, float[] alpha, float[] beta, bool relu)
        {
            float* px = Pointer(x), py = Pointer(y);
            int parts = Parts(rows);
            TorchThreads.For(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (p) =>
            {
                var (begin, end) = Slice(rows, parts, p);
                fixed (float* pa = alpha, pb = beta)
                {
                    int vec = c - c % Vector256<float>.Count;
                    for (long r = begin; r < end; r++)
                    {
                        float* xr = px + r * c, yr = py + r * c;
                        if (relu)
                        {
                            for (int j = 0; j < vec; j += Vector256<float>.Count)
                                Vector256.Max(Vector256.Load(xr + j) * Vector256.Load(pa + j) + Vector256.Load(pb + j), Vector256<float>.Zero).Store(yr + j);
                            for (int j = vec; j < c; j++) yr[j] = MathF.Max(xr[j] * pa[j] + pb[j], 0);
                        }
                        else
                        {
                            for (int j = 0; j < vec; j += Vector256<float>.Count)
                                (Vector256.Load(xr + j) * Vector256.Load(pa + j) + Vector256.Load(pb + j)).Store(yr + j);
                            for (int j = vec; j < c; j++) yr[j] = xr[j] * pa[j] + pb[j];
                        }
                    }
                }
            });
        }

        /// <summary>Σ g and Σ (x − mean)·g per channel, in float64; g = dy, or dy where the fused ReLU's output is positive.</summary>
        public static void GradientSums(Tensor x, Tensor dy, Tensor? mask, long rows, int c, float[] mean, double[] sumDy, double[] dot)
        {
            float* px = Pointer(x), pg = Pointer(dy), py = mask is null ? null : Pointer(mask);
            int parts = Parts(rows);
            var sums = new double[parts][];
            var dots = new double[parts][];
            TorchThreads.For(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (p) =>
            {
                var (begin, end) = Slice(rows, parts, p);
                var s = new double[c];
                var d = new double[c];
                fixed (double* ps = s, pd = d)
                fixed (float* pm = mean)
                {
                    int vec = c - c % Vector256<float>.Count;
                    for (long tile = begin; tile < end; tile += RowTile)
                    {
                        long last = Math.Min(end, tile + RowTile);
                        for (int j = 0; j < vec; j += Vector256<float>.Count)
                        {
                            var (mLo, mHi) = Vector256.Widen(Vector256.Load(pm + j));
                            var sLo = Vector256.Load(ps + j);
                            var sHi = Vector256.Load(ps + j + 4);
                            var dLo = Vector256.Load(pd + j);
                            var dHi = Vector256.Load(pd + j + 4);
                            for (long r = tile; r < last; r++)
                            {
                                var gv = Vector256.Load(pg + r * c + j);
                                if (py != null) gv &= Vector256.GreaterThan(Vector256.Load(py + r * c + j), Vector256<float>.Zero);
                                var (gLo, gHi) = Vector256.Widen(gv);
                                var (xLo, xHi) = Vector256.Widen(Vector256.Load(px + r * c + j));
                                sLo += gLo; sHi += gHi;
                                dLo += (xLo - mLo) * gLo; dHi += (xHi - mHi) * gHi;
                            }
                            sLo.Store(ps + j); sHi.Store(ps + j + 4);
                            dLo.Store(pd + j); dHi.Store(pd + j + 4);
                        }
                        for (int j = vec; j < c; j++)
                        {
                            double a = 0, b = 0;
                            for (long r = tile; r < last; r++)
                            {
                                double g = py != null && !(py[r * c + j] > 0) ? 0 : pg[r * c + j];
                                a += g; b += ((double)px[r * c + j] - pm[j]) * g;
                            }
                            ps[j] += a; pd[j] += b;
                        }
                    }
                }
                sums[p] = s; dots[p] = d;
            });
            for (int j = 0; j < c; j++)
            {
                double a = 0, b = 0;
                for (int p = 0; p < parts; p++) { a += sums[p][j]; b += dots[p][j]; }
                sumDy[j] = a; dot[j] = b;
            }
        }

        /// <summary>dx = (dy − mean(dy) − (x − mean)·k)·invstd·w, as libtorch's training-mode formula.</summary>
        public static void InputGradient(Tensor x, Tensor dy, Tensor? mask, Tensor dx, long rows, int c, float[] mean, float[] gradMean, float[] k, float[] scale)
        {
            float* px = Pointer(x), pg = Pointer(dy), pd = Pointer(dx), py = mask is null ? null : Pointer(mask);
            int parts = Parts(rows);
            TorchThreads.For(parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (p) =>
            {
                var (begin, end) = Slice(rows, parts, p);
                fixed (float* pm = mean, pgm = gradMean, pk = k, psc = scale)
                {
                    int vec = c - c % Vector256<float>.Count;
                    for (long r = begin; r < end; r++)
                    {
                        float* xr = px + r * c, gr = pg + r * c, dr = pd + r * c, yr = py + r * c;
                        for (int j = 0; j < vec; j += Vector256<float>.Count)
                        {
                            var gv = Vector256.Load(gr + j);
                            if (py != null) gv &= Vector256.GreaterThan(Vector256.Load(yr + j), Vector256<float>.Zero);
                            var xc = (Vector256.Load(xr + j) - Vector256.Load(pm + j)) * Vector256.Load(pk + j);
                            ((gv - Vector256.Load(pgm + j) - xc) * Vector256.Load(psc + j)).Store(dr + j);
                        }
                        for (int j = vec; j < c; j++)
                        {
                            float g = py != null && !(yr[j] > 0) ? 0 : gr[j];
                            dr[j] = (g - pgm[j] - (xr[j] - pm[j]) * pk[j]) * psc[j];
                        }
                    }
                }
            });
        }
    }
}
