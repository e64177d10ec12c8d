using BlockSwap.Engine.Networks;
using System.CommandLine;
using System.Text.Json;
using BlockSwap.Foundation.IO;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap count</c>: exact parameters and MACs per block and in total, without building the network.</summary>
internal static class CountCommand
{
    public static Command Create()
    {
        var net = new NetworkOptions();
        var json = CliOptions.Json();
        var cmd = new Command("count", "Count parameters and multiply-accumulates (per block and total) of a network, analytically");
        net.AddTo(cmd);
        cmd.Options.Add(json);
        cmd.SetAction(p =>
        {
            var plan = net.Choice(p).Resolve(net.Shape(p), shapeFromData: false).ToPlan();
            if (p.PrintedJson(json, PlanCount.Of(plan))) return 0;
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("#", "group", "type", "wrapper", "in→out", "stride");
            table.AddColumn(new TableColumn("params").RightAligned());
            table.AddColumn(new TableColumn("MACs").RightAligned());
            foreach (var b in plan.Blocks)
                table.AddRow(b.Position.Index.ToString(), (b.Position.Group + 1).ToString(), b.Type.Name, b.Wrapper.ToString(),
                    $"{b.In}→{b.Out}", b.Position.Stride.ToString(), b.Parameters.ToString("N0"), b.Macs.ToString("N0"));
            table.AddRow("", "", "stem+head", "", "", "", plan.Architecture.OutsideParameters.ToString("N0"), plan.Architecture.OutsideMacs.ToString("N0"));
            AnsiConsole.Write(table);
            Console.WriteLine($"{plan.Architecture.Name} ({plan.Policy.Name()} wrappers, {plan.Architecture.InChannels}×{plan.Architecture.InputSize}×{plan.Architecture.InputSize} input, {plan.Architecture.Classes} classes)");
            Console.WriteLine($"params {plan.Parameters:N0}   MACs {plan.Macs:N0}");
            return 0;
        });
        return cmd;
    }
}
