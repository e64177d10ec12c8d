using System.CommandLine;
using BlockSwap.Data;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap data export</c>: a data set written as an image folder.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Data sets: export one as an image folder");
        cmd.Subcommands.Add(Export());
        return cmd;
    }

    private static Command Export()
    {
        var data = new DataOptions();
        var perClass = new Option<int?>("--per-class") { Description = "Only the first N images of each class in each split (a small folder to try things on)" };
        var inChannels = CliOptions.InChannels();
        var inputSize = CliOptions.InputSize();
        var outDir = CliOptions.Out("The image folder to create (DIR/train/<class>/*.png and DIR/val/<class>/*.png)");
        var cmd = new Command("export", "Write a data set as an image folder of PNG files (train/ and val/, the test split as val/), class folders named <label>-<name>") { perClass, inChannels, inputSize, outDir };
        data.AddTo(cmd);
        cmd.SetAction(p =>
        {
            using var splits = data.Load(p, 1, CliOptions.ImageShape(p, inChannels, inputSize, defaultSize: 32));
            var dir = p.Value(outDir);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (train, val) = ImageFolderExport.Write(splits, dir, p.GetValue(perClass), (done, total) => Console.Error.WriteLine($"data export: {done:N0}/{total:N0} images"));
            Console.WriteLine($"wrote {dir}: {train:N0} training and {val:N0} validation images of {splits.Name} in {Plural.Of(splits.Classes, "class folder")} ({watch.Elapsed.TotalSeconds:F1} s)");
            return 0;
        });
        return cmd;
    }
}
