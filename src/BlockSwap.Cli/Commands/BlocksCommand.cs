using System.CommandLine;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap blocks</c>: the catalogue with each type's block count at the distinct WRN-40-2 positions.</summary>
internal static class BlocksCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var cmd = new Command("blocks", "List every block type: family, wrapper, grouping and its parameter count at each distinct WRN-40-2 position") { json };
        cmd.SetAction(p =>
        {
            var arch = Architecture.WideResNet(40, 2);
            var counts = TypeCounts.Of(arch);
            if (p.PrintedJson(json, new { architecture = arch.Name, types = counts.Select(c => c.Entry()) })) return 0;
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("type", "family", "wrapper", "3×3 grouping", "sampled");
            foreach (var r in TypeCounts.DistinctPositions(arch)) table.AddColumn(new TableColumn($"{r.In}→{r.Out}").RightAligned());
            table.AddColumn(new TableColumn("uniform WRN-40-2").RightAligned());
            foreach (var c in counts)
                table.AddRow([.. new[] { c.Type.Name, c.Type.Family.ToString(), c.Type.Wrapper.ToString(), c.Type.Spatial.ToString(), c.Type.Sampled ? "yes" : "no" }
                    .Concat(c.AtPositions.Select(x => x.Params?.ToString("N0") ?? "invalid")).Append(c.Uniform?.ToString("N0") ?? "-").Select(Markup.Escape)]);
            AnsiConsole.Write(table);
            Console.WriteLine($"{BlockCatalogue.Sampled.Count} sampled types; counts use each type's own wrapper (per-block policy).");
            return 0;
        });
        return cmd;
    }
}
