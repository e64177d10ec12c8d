using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace BlockSwap.Outputs.Inference;

/// <summary>One image's prediction: the most probable class and its softmax probability.</summary>
public sealed record Prediction(string File, int Label, [property: System.Text.Json.Serialization.JsonPropertyName("class")] string ClassName, double Probability);

/// <summary>
/// A trained classifier with its own preprocessing (input shape, per-channel normalisation, class names): a checkpoint
/// of this project or an exported ONNX model, which carries the same facts in its metadata.
/// </summary>
public abstract class ImageClassifier : IDisposable
{
    public required int Channels { get; init; }
    public required int Size { get; init; }
    public required Normalisation Normalisation { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Logits of a batch of normalised images (N×C×S×S floats, row-major), N rows of class scores.</summary>
    protected abstract float[][] Logits(float[] batch, int count);

    public abstract void Dispose();

    /// <summary>Decodes, prepares (as training's evaluation did) and classifies each file, in batches.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<string> files, int batchSize = 64)
    {
        int plane = Size * Size, image = Channels * plane;
        var norm = Normalisation.ForChannels(Channels);
        var predictions = new List<Prediction>(files.Count);
        var pixels = new byte[image];
        for (int start = 0; start < files.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, files.Count - start);
            var batch = new float[n * image];
            for (int i = 0; i < n; i++)
            {
                try { ImageDecoder.Decode(files[start + i], Channels, Size, pixels); }
                catch (Exception e) when (e is BadImageException or IOException or UnauthorizedAccessException)
                {
                    throw new BlockSwapException($"{files[start + i]} cannot be read as an image ({e.Message}); give image files ({string.Join(", ", ImageDecoder.Extensions)})");
                }
                for (int c = 0; c < Channels; c++)
                    for (int k = 0; k < plane; k++)
                        batch[i * image + c * plane + k] = (float)((pixels[c * plane + k] / 255.0 - norm.Mean[c]) / norm.Std[c]);
            }
            var logits = Logits(batch, n);
            for (int i = 0; i < n; i++)
            {
                var row = logits[i];
                int best = Enumerable.Range(0, row.Length).Aggregate((a, b) => row[b] > row[a] ? b : a);
                double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
                predictions.Add(new Prediction(files[start + i], best, best < Classes.Count ? Classes[best] : best.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Math.Exp(row[best] - max) / sum));
            }
        }
        return predictions;
    }

    /// <summary>A checkpoint's network in evaluation mode, with the checkpoint's classes and normalisation.</summary>
    public static ImageClassifier FromCheckpoint(string path, Device device)
    {
        var (net, header) = Checkpoint.LoadNetwork(path, device);
        var arch = net.Architecture;
        return new CheckpointClassifier(net)
        {
            Channels = arch.InChannels, Size = arch.InputSize, Normalisation = header.Normalisation ?? Normalisation.Synthetic,
            Classes = header.Classes ?? Enumerable.Range(0, arch.Classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    /// <summary>An exported model: input shape from its graph, classes and normalisation from its blockswap.* metadata.</summary>
    public static ImageClassifier FromOnnx(string path)
    {
        if (!File.Exists(path)) throw new BlockSwapException($"{path} does not exist; give an .onnx file written by blockswap export");
        InferenceSession session;
        try { session = new InferenceSession(path); }
        catch (OnnxRuntimeException e) { throw new BlockSwapException($"{path} is not a readable ONNX model ({e.Message.Split('\n')[0]})"); }
        var meta = session.ModelMetadata.CustomMetadataMap;
        if (!session.InputMetadata.TryGetValue(OnnxExporter.InputName, out var input) || input.Dimensions.Length != 4
            || !meta.TryGetValue("blockswap.mean", out var mean) || !meta.TryGetValue("blockswap.std", out var std))
        {
            session.Dispose();
            throw new BlockSwapException($"{path} has no blockswap input or normalisation metadata; predict with a model written by blockswap export, or with its --checkpoint");
        }
        var classes = meta.TryGetValue("blockswap.classes", out var names) ? JsonSerializer.Deserialize<string[]>(names)! : null;
        return new OnnxClassifier(session, input.Dimensions[0] > 0 ? input.Dimensions[0] : null)
        {
            Channels = input.Dimensions[1], Size = input.Dimensions[2],
            Normalisation = new Normalisation(JsonSerializer.Deserialize<double[]>(mean)!, JsonSerializer.Deserialize<double[]>(std)!),
            Classes = classes ?? [],
        };
    }

    private sealed class CheckpointClassifier(BlockSwapNetwork network) : ImageClassifier
    {
        protected override float[][] Logits(float[] batch, int count)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            network.eval();
            var x = tensor(batch, [count, Channels, Size, Size]).to(network.Device);
            var logits = network.call(x).Logits.cpu();
            int k = (int)logits.shape[1];
            var flat = logits.data<float>().ToArray();
            return Enumerable.Range(0, count).Select(i => flat[(i * k)..((i + 1) * k)]).ToArray();
        }

        public override void Dispose() => network.Dispose();
    }

    private sealed class OnnxClassifier(InferenceSession session, int? fixedBatch) : ImageClassifier
    {
        protected override float[][] Logits(float[] batch, int count)
        {
            int image = Channels * Size * Size;
            var rows = new List<float[]>(count);
            int step = fixedBatch ?? count;
            for (int start = 0; start < count; start += step)
            {
                int n = Math.Min(step, count - start), run = fixedBatch ?? n;
                var data = new float[run * image];
                Array.Copy(batch, start * image, data, 0, n * image);
                var input = new DenseTensor<float>(data, [run, Channels, Size, Size]);
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
                var flat = results.First(r => r.Name == OnnxExporter.OutputName).AsEnumerable<float>().ToArray();
                int k = flat.Length / run;
                for (int i = 0; i < n; i++) rows.Add(flat[(i * k)..((i + 1) * k)]);
            }
            return rows.ToArray();
        }

        public override void Dispose() => session.Dispose();
    }
}
