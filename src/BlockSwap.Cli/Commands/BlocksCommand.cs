using System.CommandLine;
using BlockSwap.Blocks;
using BlockSwap.Networks;
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
            // One representative index per distinct (I, O) pair.
            var reps = arch.Positions.GroupBy(p => (p.In, p.Out)).Select(g => g.First()).ToArray();
            if (p.GetValue(json))
            {
                CliOptions.PrintJson(new
                {
                    architecture = arch.Name,
                    types = BlockCatalogue.All.Select(type =>
                    {
                        bool valid = arch.Positions.All(q => type.IsValid(q.In, q.Out));
                        var plan = valid ? NetworkPlan.Uniform(arch, type) : null;
                        return new
                        {
                            name = type.Name, family = type.Family.ToString(), wrapper = type.Wrapper.ToString(), grouping = type.Spatial.ToString(), sampled = type.Sampled,
                            @params = reps.ToDictionary(r => $"{r.In}-{r.Out}", r => type.IsValid(r.In, r.Out) ? (long?)(plan?.Blocks[r.Index].Parameters ?? new BlockPlan(r, type, type.Wrapper).Parameters) : null),
                            uniform = plan?.Parameters,
                        };
                    }),
                });
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("type", "family", "wrapper", "3×3 grouping", "sampled");
            foreach (var r in reps) table.AddColumn(new TableColumn($"{r.In}→{r.Out}").RightAligned());
            table.AddColumn(new TableColumn("uniform WRN-40-2").RightAligned());
            foreach (var type in BlockCatalogue.All)
            {
                var cells = new List<string> { type.Name, type.Family.ToString(), type.Wrapper.ToString(), type.Spatial.ToString(), type.Sampled ? "yes" : "no" };
                bool valid = arch.Positions.All(p => type.IsValid(p.In, p.Out));
                var plan = valid ? NetworkPlan.Uniform(arch, type) : null;
                foreach (var r in reps)
                    cells.Add(plan is null ? (type.IsValid(r.In, r.Out) ? new BlockPlan(r, type, type.Wrapper).Parameters.ToString("N0") : "invalid") : plan.Blocks[r.Index].Parameters.ToString("N0"));
                cells.Add(plan?.Parameters.ToString("N0") ?? "-");
                table.AddRow(cells.Select(Markup.Escape).ToArray());
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"{BlockCatalogue.Sampled.Count} sampled types; counts use each type's own wrapper (per-block policy).");
            return 0;
        });
        return cmd;
    }
}
