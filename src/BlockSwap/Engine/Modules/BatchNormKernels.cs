using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BlockSwap.Foundation.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>A fused ReLU's pre-activation x·α + β per channel: the gradient passes where it is positive.</summary>
internal sealed record ReluGate(float[] Alpha, float[] Beta);

/// <summary>
/// The row kernels of <see cref="ChannelsLastBatchNorm"/>: a channels-last tensor is N·H·W rows of C floats. Each
/// kernel splits the rows into parts that libtorch's threads share; per-channel sums are float64 across parts.
/// The loops live in static methods taking raw pointers, so the JIT keeps them in registers (captured in a
/// closure they were reloaded every iteration).
/// </summary>
internal static unsafe class BatchNormKernels
{
    private const int W = 8;        // floats per Vector256
    private const int FloatRun = 16; // rows summed in float before a float64 accumulation (gradient sums)
    private static int RowTile(int c) => Math.Clamp(2048 / c, 16, 64); // rows per pass over a block of channels (statistics)

    /// <summary>The memory of a channels-last tensor (its NHWC view is contiguous, so these bytes are the tensor's own).</summary>
    private static float* Pointer(Tensor t)
    {
        using var nhwc = t.permute(0, 2, 3, 1);
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(BlockSwap.Foundation.Runtime.TensorMemory.Bytes(nhwc, "channels-last batch norm")));
    }

    // Parts of a fixed number of rows, summed separately and combined in order: the result does not depend on how
    // many threads run them (a run with -j 1 and one with -j 2 give the same bits).
    private const long PartRows = 8192;

    private static int Parts(long rows) => (int)Math.Max(1, (rows + PartRows - 1) / PartRows);

    private static (long Begin, long End) Slice(long rows, int parts, int p) => (p * PartRows, Math.Min(rows, (p + 1) * PartRows));

    /// <summary>Per-channel mean (rounded to float) and Σ(x − mean)² in float64; each part sums x − (its first row).</summary>
    public static void Moments(Tensor x, long rows, int c, float[] mean, double[] varSum)
    {
        float* px = Pointer(x);
        int parts = Parts(rows);
        var sums = new double[parts * c];
        var squares = new double[parts * c];
        var shifts = new float[parts * c];
        TorchThreads.For(parts, p =>
        {
            var (begin, end) = Slice(rows, parts, p);
            fixed (double* s = sums, q = squares)
            fixed (float* shift = shifts)
            {
                Buffer.MemoryCopy(px + begin * c, shift + p * c, c * sizeof(float), c * sizeof(float));
                ShiftedSums(px, begin, end, c, shift + p * c, s + p * c, q + p * c);
            }
        });
        for (int j = 0; j < c; j++)
        {
            // Σx = Σ_p (S_p + n_p·shift_p); Σ(x − m)² = Σ_p [Q_p + n_p·(shift_p − m)² + 2(shift_p − m)·S_p].
            double total = 0;
            for (int p = 0; p < parts; p++)
            {
                var (b, e) = Slice(rows, parts, p);
                total += sums[p * c + j] + (e - b) * (double)shifts[p * c + j];
            }
            double m = total / rows;
            double v = 0;
            for (int p = 0; p < parts; p++)
            {
                var (b, e) = Slice(rows, parts, p);
                double d = shifts[p * c + j] - m;
                v += squares[p * c + j] + (e - b) * d * d + 2 * d * sums[p * c + j];
            }
            mean[j] = (float)m;
            varSum[j] = Math.Max(v, 0);
        }
    }

    // Float64 all the way (the statistics feed every later value), a tile of rows per block of channels so the
    // accumulators stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftedSums(float* x, long begin, long end, int c, float* shift, double* sum, double* square)
    {
        int vec = c - c % W;
        for (long tile = begin; tile < end; tile += RowTile(c))
        {
            long last = Math.Min(end, tile + RowTile(c));
            for (int j = 0; j < vec; j += W)
            {
                var sh = Vector256.Load(shift + j);
                var sLo = Vector256.Load(sum + j);
                var sHi = Vector256.Load(sum + j + 4);
                var qLo = Vector256.Load(square + j);
                var qHi = Vector256.Load(square + j + 4);
                float* row = x + tile * c + j;
                for (long r = tile; r < last; r++, row += c)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Load(row) - sh);
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
        TorchThreads.For(parts, p =>
        {
            var (begin, end) = Slice(rows, parts, p);
            fixed (float* a = alpha, b = beta)
                AffineRows(px, py, begin, end, c, a, b, relu);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AffineRows(float* x, float* y, long begin, long end, int c, float* alpha, float* beta, bool relu)
    {
        int vec = c - c % W;
        for (long r = begin; r < end; r++)
        {
            float* xr = x + r * c, yr = y + r * c;
            int j = 0;
            if (relu)
                for (; j < vec; j += W)
                    Relu(Vector256.Load(xr + j) * Vector256.Load(alpha + j) + Vector256.Load(beta + j)).Store(yr + j);
            else
                for (; j < vec; j += W)
                    (Vector256.Load(xr + j) * Vector256.Load(alpha + j) + Vector256.Load(beta + j)).Store(yr + j);
            for (; j < c; j++)
            {
                float v = xr[j] * alpha[j] + beta[j];
                yr[j] = relu && v <= 0 ? 0 : v; // NaN passes, as torch.relu lets it
            }
        }
    }

    /// <summary>max(v, 0) that keeps NaN (a bare max instruction would turn it into 0 and hide a diverged step).</summary>
    private static Vector256<float> Relu(Vector256<float> v) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256<float>.Zero), Vector256<float>.Zero, v);

    /// <summary>Σ g and Σ (x − mean)·g per channel; g = dy, or dy where the fused ReLU's output is positive.</summary>
    public static void GradientSums(Tensor x, Tensor dy, ReluGate? gate, long rows, int c, float[] mean, double[] sumDy, double[] dot)
    {
        float* px = Pointer(x), pg = Pointer(dy);
        var alpha = gate?.Alpha ?? [];
        var beta = gate?.Beta ?? [];
        bool gated = gate is not null;
        int parts = Parts(rows);
        var sums = new double[parts * c];
        var dots = new double[parts * c];
        TorchThreads.For(parts, p =>
        {
            var (begin, end) = Slice(rows, parts, p);
            fixed (double* s = sums, d = dots)
            fixed (float* m = mean, a = alpha, b = beta)
                GradientSumRows(px, pg, gated ? a : null, b, begin, end, c, m, s + p * c, d + p * c);
        });
        for (int j = 0; j < c; j++)
        {
            double a = 0, b = 0;
            for (int p = 0; p < parts; p++) { a += sums[p * c + j]; b += dots[p * c + j]; }
            sumDy[j] = a; dot[j] = b;
        }
    }

    // Row by row (the streaming order), per-channel float sums over runs of FloatRun rows kept in L1, then float64.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradientSumRows(float* x, float* dy, float* alpha, float* beta, long begin, long end, int c, float* mean, double* sum, double* dot)
    {
        int vec = c - c % W;
        float* fs = stackalloc float[vec + W];
        float* fd = stackalloc float[vec + W];
        for (long run = begin; run < end; run += FloatRun)
        {
            long stop = Math.Min(end, run + FloatRun);
            for (int j = 0; j < vec; j += W) { Vector256<float>.Zero.Store(fs + j); Vector256<float>.Zero.Store(fd + j); }
            for (long r = run; r < stop; r++)
            {
                float* xr = x + r * c, gr = dy + r * c;
                for (int j = 0; j < vec; j += W)
                {
                    var xv = Vector256.Load(xr + j);
                    var g = Vector256.Load(gr + j);
                    if (alpha != null) g &= Vector256.GreaterThan(xv * Vector256.Load(alpha + j) + Vector256.Load(beta + j), Vector256<float>.Zero);
                    (Vector256.Load(fs + j) + g).Store(fs + j);
                    Vector256.FusedMultiplyAdd(xv - Vector256.Load(mean + j), g, Vector256.Load(fd + j)).Store(fd + j);
                }
            }
            for (int j = 0; j < vec; j += W)
            {
                var (a, b) = Vector256.Widen(Vector256.Load(fs + j));
                (Vector256.Load(sum + j) + a).Store(sum + j); (Vector256.Load(sum + j + 4) + b).Store(sum + j + 4);
                (a, b) = Vector256.Widen(Vector256.Load(fd + j));
                (Vector256.Load(dot + j) + a).Store(dot + j); (Vector256.Load(dot + j + 4) + b).Store(dot + j + 4);
            }
            for (int j = vec; j < c; j++)
            {
                double a = 0, b = 0;
                for (long r = run; r < stop; r++)
                {
                    long o = r * c + j;
                    double g = alpha != null && !(x[o] * alpha[j] + beta[j] > 0) ? 0 : dy[o];
                    a += g; b += ((double)x[o] - mean[j]) * g;
                }
                sum[j] += a; dot[j] += b;
            }
        }
    }

    /// <summary>dx = (g − mean(g) − (x − mean)·k)·invstd·w, libtorch's training-mode formula.</summary>
    public static void InputGradient(Tensor x, Tensor dy, ReluGate? gate, Tensor dx, long rows, int c, float[] mean, float[] gradMean, float[] k, float[] scale)
    {
        float* px = Pointer(x), pg = Pointer(dy), pd = Pointer(dx);
        var alpha = gate?.Alpha ?? [];
        var beta = gate?.Beta ?? [];
        bool gated = gate is not null;
        int parts = Parts(rows);
        TorchThreads.For(parts, p =>
        {
            var (begin, end) = Slice(rows, parts, p);
            fixed (float* m = mean, gm = gradMean, kk = k, sc = scale, a = alpha, b = beta)
                InputGradientRows(px, pg, gated ? a : null, b, pd, begin, end, c, m, gm, kk, sc);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradientRows(float* x, float* dy, float* alpha, float* beta, float* dx, long begin, long end, int c, float* mean, float* gradMean, float* k, float* scale)
    {
        int vec = c - c % W;
        for (long r = begin; r < end; r++)
        {
            long o = r * c;
            int j = 0;
            if (alpha == null)
                for (; j < vec; j += W)
                    ((Vector256.Load(dy + o + j) - Vector256.Load(gradMean + j) - (Vector256.Load(x + o + j) - Vector256.Load(mean + j)) * Vector256.Load(k + j))
                        * Vector256.Load(scale + j)).Store(dx + o + j);
            else
                for (; j < vec; j += W)
                {
                    var xv = Vector256.Load(x + o + j);
                    var g = Vector256.Load(dy + o + j) & Vector256.GreaterThan(xv * Vector256.Load(alpha + j) + Vector256.Load(beta + j), Vector256<float>.Zero);
                    ((g - Vector256.Load(gradMean + j) - (xv - Vector256.Load(mean + j)) * Vector256.Load(k + j))
                        * Vector256.Load(scale + j)).Store(dx + o + j);
                }
            for (; j < c; j++)
            {
                float g = alpha != null && !(x[o + j] * alpha[j] + beta[j] > 0) ? 0 : dy[o + j];
                dx[o + j] = (g - gradMean[j] - (x[o + j] - mean[j]) * k[j]) * scale[j];
            }
        }
    }
}
