using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BlockSwap.Foundation.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// One block's Fisher potential Σ_c ½·mean_n(Σ_hw A·g)² in one read of A and g, for float32 CPU tensors in NCHW or
/// channels-last memory: the per-(n, c) sums run in float over 16 terms, then in float64. The tensor expression it
/// replaces wrote the product A·g out in full first.
/// </summary>
internal static unsafe class FisherSums
{
    private const int W = 8;
    private const int FloatRun = 16;

    /// <summary>The block's value, or null when the tensors need the tensor expression (another device, type or layout).</summary>
    public static double? TrySum(Tensor activation, Tensor gradient)
    {
        if (activation.dim() != 4 || activation.device_type != TorchSharp.DeviceType.CPU || activation.dtype != ScalarType.Float32
            || gradient.dtype != ScalarType.Float32 || !activation.shape.SequenceEqual(gradient.shape)) return null;
        bool nchw = activation.is_contiguous() && gradient.is_contiguous();
        using var aNhwc = activation.permute(0, 2, 3, 1);
        using var gNhwc = gradient.permute(0, 2, 3, 1);
        bool channelsLast = !nchw && aNhwc.is_contiguous() && gNhwc.is_contiguous();
        if (!nchw && !channelsLast) return null;
        long n = activation.shape[0], c = activation.shape[1], hw = activation.shape[2] * activation.shape[3];
        float* a = Pointer(nchw ? activation : aNhwc), g = Pointer(nchw ? gradient : gNhwc);
        var perSample = new double[n];
        int parts = (int)Math.Clamp(n, 1, Math.Max(1, get_num_threads()));
        TorchThreads.For(parts, p =>
        {
            var sums = new double[c];
            fixed (double* s = sums)
                for (long i = n * p / parts; i < n * (p + 1) / parts; i++)
                {
                    if (nchw) PlaneSums(a + i * c * hw, g + i * c * hw, c, hw, s);
                    else RowSums(a + i * c * hw, g + i * c * hw, c, hw, s);
                    double total = 0;
                    for (long j = 0; j < c; j++) total += s[j] * s[j];
                    perSample[i] = total;
                }
        });
        return 0.5 * perSample.Sum() / n;
    }

    private static float* Pointer(Tensor contiguous) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(BlockSwap.Foundation.Runtime.TensorMemory.Bytes(contiguous, "Fisher sums")));

    /// <summary>NCHW: each channel's H·W plane is contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PlaneSums(float* a, float* g, long c, long hw, double* sums)
    {
        for (long j = 0; j < c; j++)
        {
            float* pa = a + j * hw, pg = g + j * hw;
            double total = 0;
            long k = 0;
            for (; k + W * FloatRun <= hw; k += W * FloatRun)
            {
                var acc = Vector256<float>.Zero;
                for (int r = 0; r < FloatRun; r++) acc += Vector256.Load(pa + k + r * W) * Vector256.Load(pg + k + r * W);
                var (lo, hi) = Vector256.Widen(acc);
                total += Vector256.Sum(lo + hi);
            }
            for (; k < hw; k++) total += (double)pa[k] * pg[k];
            sums[j] = total;
        }
    }

    /// <summary>Channels-last: H·W rows of C values, summed row by row in float over runs of 16 rows, then float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowSums(float* a, float* g, long c, long hw, double* sums)
    {
        for (long j = 0; j < c; j++) sums[j] = 0;
        long vec = c - c % W;
        float* run = stackalloc float[(int)vec + W];
        for (long start = 0; start < hw; start += FloatRun)
        {
            long stop = Math.Min(hw, start + FloatRun);
            for (long j = 0; j < vec; j += W) Vector256<float>.Zero.Store(run + j);
            for (long r = start; r < stop; r++)
                for (long j = 0; j < vec; j += W)
                    Vector256.FusedMultiplyAdd(Vector256.Load(a + r * c + j), Vector256.Load(g + r * c + j), Vector256.Load(run + j)).Store(run + j);
            for (long j = 0; j < vec; j += W)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Load(run + j));
                (Vector256.Load(sums + j) + lo).Store(sums + j);
                (Vector256.Load(sums + j + 4) + hi).Store(sums + j + 4);
            }
            for (long j = vec; j < c; j++)
                for (long r = start; r < stop; r++) sums[j] += (double)a[r * c + j] * g[r * c + j];
        }
    }
}
