using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Methods.Search;
using static TorchSharp.torch;

namespace BlockSwap.Cli.Commands;

/// <summary>The options of <c>search --refine</c> (successive halving over the best candidates) and how its outcome is shown.</summary>
internal sealed class RefineOptions
{
    private readonly Option<int?> top = new("--refine")
    {
        Description = "Train the N best candidates briefly and keep the better half by validation error, again and again, until one is left " +
                      "(successive halving); best.json is then the survivor, best-zero-cost.json the zero-cost pick",
    };
    private readonly Option<int> epochs = new("--refine-epochs") { Description = "Epochs each refinement rung adds to every survivor", DefaultValueFactory = _ => 1 };
    private readonly Option<int> validation = new("--refine-val-images")
    {
        Description = "Images held out of the training split to rank the refined candidates by (at most a fifth of it)", DefaultValueFactory = _ => RefineSettings.DefaultValidationImages,
    };
    private readonly Option<int?> trainImages = new("--refine-train-images") { Description = "Train the refined candidates on at most this many images (default: the rest of the training split)" };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { top, epochs, validation, trainImages }) cmd.Options.Add(o);
    }

    /// <summary>The settings, or null without --refine.</summary>
    public RefineSettings? Read(ParseResult p, long seed)
    {
        Given.OnlyWith(p, p.GetValue(top) is not null, "with --refine N", epochs, validation, trainImages);
        return p.GetValue(top) is { } n
            ? new RefineSettings { Top = n, Epochs = p.GetValue(epochs), ValidationImages = p.GetValue(validation), TrainImages = p.GetValue(trainImages), Seed = seed }
            : null;
    }

    /// <summary>Refines a finished search on every rank (each rank reads the merged result its root wrote).</summary>
    public static RefineResult Run(SearchResult result, RefineSettings settings, DataSplits data, Device device, string dir, bool resume, bool quiet)
    {
        return TrainingProgressView.Run(progress => Refinement.Run(result, settings, data, device, dir, resume, progress,
            stage: quiet || !Job.World.IsRoot ? null : Console.WriteLine, Interruption.Token, Job.World));
    }

    public static void PrintSummary(RefineResult refined, SearchResult search, string dir)
    {
        var pick = search.Best.Candidate;
        var (pickLast, winnerLast) = (refined.LastRow(pick.Index), refined.LastRow(refined.Winner.Index));
        Console.WriteLine($"refine: {string.Join(" → ", refined.RungSizes())} candidates in {refined.Seconds / 60:F1} min; survivor: candidate {refined.Winner.Index} " +
                          $"(zero-cost rank {refined.WinnerZeroCostRank}), validation error {winnerLast.ValidationError:F2} % after {Plural.Of(winnerLast.Epochs, "epoch")}");
        Console.WriteLine($"      {refined.Winner.Genotype}");
        if (pick.Index != refined.Winner.Index)
            Console.WriteLine($"the zero-cost pick (candidate {pick.Index}) left at rung {pickLast.Rung} with {pickLast.ValidationError:F2} % after {Plural.Of(pickLast.Epochs, "epoch")}");
        Console.WriteLine($"wrote {Path.Combine(dir, "best.json")} (the survivor), best-zero-cost.json, {Path.Combine(Refinement.FolderName, Refinement.TableName)}");
    }
}
