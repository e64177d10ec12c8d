using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// The flags timm's and torchvision's reference training scripts use, meeting users where they come from: where the
/// meaning is the same, an alias of ours (listed in --help beside our name); where it is not, a one-line answer that
/// says what to use instead, in place of a "did you mean" chosen by spelling alone.
/// </summary>
internal static class ForeignFlags
{
    /// <summary>Our option → the other spellings of the same meaning (timm: --model, --output, --opt, --sched, --smoothing, --data-dir; torchvision: --output-dir, --data-path, --lr-scheduler, --wd).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        ["--arch"] = ["--model"],
        ["--out"] = ["--output", "--output-dir"],
        ["--optimizer"] = ["--opt"],
        ["--schedule"] = ["--sched", "--lr-scheduler"],
        ["--label-smoothing"] = ["--smoothing"],
        ["--data"] = ["--data-dir", "--data-path"],
        ["--weight-decay"] = ["--wd"],
        ["--warmup-epochs"] = ["--lr-warmup-epochs"],
        ["--ema-decay"] = ["--model-ema-decay"],
    };

    /// <summary>Flags of theirs with no equivalent here, and what to do instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Answers = new Dictionary<string, string>
    {
        ["--workers"] = "blockswap reads data in its own process (no loader workers); -j N sets libtorch's CPU threads",
        ["-j"] = "-j N sets libtorch's CPU threads here (not loader workers)",
        ["--log-interval"] = "progress is printed every epoch and the loss per step goes to tensorboard/ in the output folder",
        ["--print-freq"] = "progress is printed every epoch and the loss per step goes to tensorboard/ in the output folder",
        ["--pretrained"] = "students train from scratch, as the paper; --init-from DIR starts from a checkpoint of the same network",
        ["--num-classes"] = "the class count comes from the data (an image folder's class subfolders)",
        ["--img-size"] = "use --input-size N (image folders are resized and centre-cropped to it)",
        ["--input-size"] = "--input-size N takes one side in pixels (square images)",
        ["--aa"] = "use --augment trivialaugment|randaugment",
        ["--auto-augment"] = "use --augment trivialaugment|randaugment",
        ["--model-ema"] = "use --ema-decay 0.999 (0 = off)",
        ["--channels-last"] = "training batches are channels-last by default (--layout)",
        ["--resume"] = "--resume takes no path here: rerun the same command with --resume to continue the run in --out",
        ["--checkpoint-hist"] = "a run keeps its last checkpoint (and, with --val-images N --keep best, its best epoch's)",
    };

    /// <summary>Adds every alias to the options of every command that has the option.</summary>
    public static void Apply(Command command)
    {
        foreach (var option in command.Options)
            if (Aliases.TryGetValue(option.Name, out var aliases))
                foreach (var alias in aliases)
                    if (!option.Aliases.Contains(alias) && command.Options.All(o => o.Name != alias && !o.Aliases.Contains(alias)))
                        option.Aliases.Add(alias);
        foreach (var sub in command.Subcommands) Apply(sub);
    }

    /// <summary>The answer for a foreign flag (its value after '=' ignored), or null.</summary>
    public static string? AnswerFor(string token)
    {
        var flag = token.Split('=', 2)[0];
        return Answers.TryGetValue(flag, out var answer) ? answer : null;
    }
}
