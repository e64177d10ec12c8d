using BlockSwap.Data;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Pipeline;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap;

/// <summary>
/// The library's front door, as timm's <c>create_model</c> is timm's: load data, build a network, search, train, run the
/// whole job, evaluate and export, from a .NET program, with the command line's defaults. Each method is a thin call into the
/// typed settings (<see cref="SearchSettings"/>, <see cref="TrainingOptions"/>, <see cref="RunSettings"/>), which stay
/// available for everything the shortcuts leave out.
/// </summary>
/// <example>
/// <code>
/// using var data = Compress.LoadData("fashion-mnist", trainImages: 5000);
/// var search = Compress.Search(data, "wrn-16-1", budget: 44_000, samples: 100, outDir: "runs/api/search");
/// var student = Compress.Train(data, search.Best.Candidate.Genotype, "wrn-16-1", epochs: 1, outDir: "runs/api/student");
/// Compress.ExportOnnx("runs/api/student", "runs/api/student.onnx");
/// </code>
/// </example>
public static class Compress
{
    /// <summary>A data source by id (<see cref="DataSources"/>): its default location, or <paramref name="folder"/>; optionally a seeded subset of the training images.</summary>
    public static DataSplits LoadData(string source = "fashion-mnist", string? folder = null, long seed = 1, int? trainImages = null, ImageRequest? shape = null)
        => ReportedLoad.Load(source, folder, seed, shape ?? new ImageRequest(null, null, 32), null, trainImages, note: _ => { }, warn: _ => { });

    /// <summary>The plan of a network: <paramref name="arch"/> (wrn-D-K, resnet18, resnet34) for the data's shape, with one block type per position (null: the all-Conv teacher).</summary>
    public static NetworkPlan Network(string arch, DataSplits data, Genotype? blocks = null, WrapperPolicy wrapper = WrapperPolicy.PerBlock)
    {
        var a = Architecture.Parse(arch).Reshaped(data.Classes, data.Channels, data.Size);
        return (blocks is null ? NetworkSpec.Teacher(a) with { Policy = wrapper } : new NetworkSpec(a, blocks, wrapper)).ToPlan();
    }

    /// <summary>A built network with seeded weights, as <c>timm.create_model</c>: <paramref name="blocks"/> like "A4B2,DConv,Conv" or null for all-Conv.</summary>
    public static BlockSwapNetwork CreateModel(string arch, string? blocks = null, int classes = 10, int inChannels = 3, int? inputSize = null, long seed = 1,
        WrapperPolicy wrapper = WrapperPolicy.PerBlock)
    {
        var a = Architecture.Parse(arch, classes, inChannels, inputSize);
        var spec = blocks is null ? NetworkSpec.Teacher(a) with { Policy = wrapper } : new NetworkSpec(a, Genotype.Parse(blocks), wrapper);
        return new BlockSwapNetwork(spec.ToPlan(), seed);
    }

    /// <summary>BlockSwap's search: <paramref name="samples"/> candidates in the ±<paramref name="window"/> window of <paramref name="budget"/>, ranked by <paramref name="proxy"/>.</summary>
    public static SearchResult Search(DataSplits data, string arch, long budget, string outDir, int samples = SearchSettings.DefaultSamples,
        string proxy = "fisher", double window = SearchSettings.DefaultWindow, long seed = 1, Device? device = null, bool resume = false)
    {
        var settings = new SearchSettings
        {
            Architecture = Architecture.Parse(arch).Reshaped(data.Classes, data.Channels, data.Size), Limits = new SearchLimits { Budget = budget, Window = window }, Samples = samples,
            Ranking = ProxyRanking.Parse(proxy), Seed = seed, Dataset = data.Name,
        };
        return Search(settings, data, outDir, device, resume);
    }

    /// <summary>A search with every setting given.</summary>
    public static SearchResult Search(SearchSettings settings, DataSplits data, string outDir, Device? device = null, bool resume = false) =>
        SearchRunner.Run(settings, data, device ?? CPU, outDir, resume);

    /// <summary>Trains <paramref name="blocks"/> on <paramref name="arch"/> (null: the all-Conv teacher), distilled from <paramref name="teacher"/> (a run folder or checkpoint) when given.</summary>
    public static TrainingResult Train(DataSplits data, Genotype? blocks, string arch, string outDir, int epochs = 10, string? teacher = null, long seed = 1,
        Device? device = null, bool resume = false)
    {
        var options = new TrainingOptions { Epochs = epochs, Seed = seed };
        return Train(Network(arch, data, blocks), data, options, outDir, teacher, device, resume);
    }

    /// <summary>A training run with every setting given.</summary>
    public static TrainingResult Train(NetworkPlan plan, DataSplits data, TrainingOptions options, string outDir, string? teacher = null, Device? device = null,
        bool resume = false)
    {
        var dev = device ?? CPU;
        using var teacherNet = teacher is null ? null : TeacherLoader.LoadChecked(teacher, plan.Architecture, data, dev, TeacherFamily.BlockSwap, note: _ => { });
        return Trainer.Run(new TrainingJob(plan, data, options, dev, outDir) { Teacher = teacherNet, TeacherSource = teacher, Resume = resume });
    }

    /// <summary>A trained run's test errors (folder or checkpoint) on the data it was trained on, preprocessed as it was trained.</summary>
    public static CheckpointEvaluation Evaluate(string checkpoint, Device? device = null) =>
        CheckpointEvaluation.Run(checkpoint, (header, shape) => ReportedLoad.Load(CheckpointEvaluation.RecordedSource(header), header.DataFolder, header.Options.Seed, shape,
            null, null, note: _ => { }, warn: _ => { }), device ?? CPU);

    /// <summary>The whole job (<c>blockswap run</c>): teacher, search and student per budget, the baselines, the report.</summary>
    public static BlockSwap.Outputs.Reporting.RunReport Run(RunSettings settings, DataSplits data, string outDir, Device? device = null) =>
        RunPipeline.Run(settings, data, device ?? CPU, outDir);

    /// <summary>A trained run (folder or checkpoint) as an ONNX file, batch norm folded by default, with its classes and normalisation as metadata.</summary>
    public static ExportReport ExportOnnx(string checkpoint, string onnxPath, bool foldBatchNorm = true, bool verify = false) =>
        ExportJob.Run(new ExportRequest(checkpoint) { Onnx = onnxPath, OnnxOptions = new OnnxExportOptions(FoldBatchNorm: foldBatchNorm), Verify = verify });

    /// <summary>A trained run as a folder for plain PyTorch: model.pt, network.json and blockswap_torch.py.</summary>
    public static ExportReport ExportPyTorch(string checkpoint, string dir) => ExportJob.Run(new ExportRequest(checkpoint) { PyTorch = dir });
}
