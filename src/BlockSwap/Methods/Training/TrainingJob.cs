using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// One training run: the network, its data and recipe, where it runs and writes; optionally a teacher to distil
/// from, a resume of the run already in <see cref="OutDir"/>, progress reporting, cancellation, and the ranks of a
/// data-parallel job.
/// </summary>
public sealed record TrainingJob(NetworkPlan Plan, DataSplits Data, TrainingOptions Options, Device Device, string OutDir)
{
    public ClassifierNetwork? Teacher { get; init; }
    /// <summary>Where the teacher came from (a checkpoint or .pt path; its content digest joins the run's inputs).</summary>
    public string? TeacherSource { get; init; }
    /// <summary>Continue the run in <see cref="OutDir"/> (its inputs must be this job's); without it an existing run is refused.</summary>
    public bool Resume { get; init; }
    public ITrainingProgress? Progress { get; init; }
    public CancellationToken Cancel { get; init; }
    /// <summary>The ranks of a data-parallel job (null: this process alone).</summary>
    public BlockSwap.Foundation.Distributed.ICommunicator? Comm { get; init; }
}
