using System.CommandLine;
using BlockSwap.Outputs.Inference;
using BlockSwap.Foundation.IO;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap predict</c>: class and probability per image, with the model's own preprocessing.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A training run's folder or its DIR/checkpoint" };
        var onnx = new Option<string?>("--onnx") { Description = "A model written by blockswap export (its metadata holds the classes and normalisation)" };
        var csv = new Option<string?>("--csv") { Description = "Also write the predictions to this CSV file (file, label, class, probability)" };
        var images = new Argument<string[]>("images") { Description = "Image files, or folders whose images (subfolders included) are all predicted", Arity = ArgumentArity.OneOrMore };
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var cmd = new Command("predict", "Classify images with a trained network: the most probable class and its probability, preprocessed as the network was trained (resize, centre crop, normalisation)")
        {
            checkpoint, onnx, csv, json, images,
        };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var (dir, file) = (p.GetValue(checkpoint), p.GetValue(onnx));
            if ((dir is null) == (file is null))
                throw new BlockSwapException("give exactly one model: --checkpoint DIR or --onnx FILE");
            if (p.GetValue(csv) is { } csvTarget) OwnedFile.Check(csvTarget, "--csv", "predictions CSV", PredictionCsv.IsOwn);
            var files = ImageFiles.Expand(p.Value(images));
            var dev = compute.Apply(p);
            using var model = (dir, file) switch
            {
                ({ } checkpointDir, _) => ImageClassifier.FromCheckpoint(checkpointDir, dev),
                (_, { } onnxFile) => ImageClassifier.FromOnnx(onnxFile),
                _ => throw new InvalidOperationException("checked above: one model is given"),
            };
            var predictions = model.Predict(files);
            if (p.GetValue(csv) is { } csvPath) PredictionCsv.Write(csvPath, predictions);
            if (p.PrintedJson(json, predictions)) return 0;
            foreach (var x in predictions) Console.WriteLine($"{x.File}\t{x.ClassName}\t{x.Probability:F4}");
            return 0;
        });
        return cmd;
    }
}
