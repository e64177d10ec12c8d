using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>
/// The run step of a <see cref="BlockSwap.Description.Layers.BatchNormSpec"/>: its batch norm and, when the description has one, its ReLU
/// (timm's BatchNormAct2d). With the float64 kernel chosen, a training-mode channels-last batch takes
/// <see cref="ChannelsLastBatchNorm"/> with the ReLU fused in and reported to its tap; otherwise both modules run
/// through <c>call</c>, so hooks see each. The two modules are registered in the parent under their own names
/// (bn1.weight, not bn1.bn.weight: the reference's keys); this step itself is never registered.
/// </summary>
public sealed class BatchNormAct : nn.Module<Tensor, Tensor>
{
    // Held in arrays, not module-typed fields, which TorchSharp would register a second time.
    private readonly BatchNorm2d[] norm;
    private readonly TappedReLU[] relu;
    private readonly ComputeSettings compute;

    public BatchNormAct(BatchNorm2d norm, TappedReLU? relu, ComputeSettings compute) : base("BatchNormAct")
    {
        this.norm = [norm];
        this.relu = relu is null ? [] : [relu];
        this.compute = compute;
    }

    public override Tensor forward(Tensor x)
    {
        var bn = norm[0];
        if (compute.BatchNorm == BlockSwap.Foundation.Runtime.BatchNormKernel.Float64 && ChannelsLastBatchNorm.Applies(bn, x))
        {
            var y = ChannelsLastBatchNorm.Forward(bn, x, relu: relu.Length > 0);
            return relu.Length > 0 ? relu[0].Tap.Report(y) : y;
        }
        var h = bn.call(x);
        return relu.Length > 0 ? LayerModules.Replace(h, relu[0].call(h), x) : h;
    }
}
