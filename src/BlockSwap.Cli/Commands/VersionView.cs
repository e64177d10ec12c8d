using System.CommandLine;
using System.CommandLine.Invocation;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap --version</c>: the tool, TorchSharp and libtorch versions and the devices in use.</summary>
internal static class VersionView
{
    public static void Attach(RootCommand root)
    {
        var option = root.Options.OfType<VersionOption>().Single();
        option.Description = "Show the version of BlockSwap.NET, TorchSharp and libtorch, and the devices in use";
        option.Action = new Print();
    }

    private sealed class Print : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            foreach (var line in BlockSwap.Foundation.Runtime.TorchRuntime.Describe()) Console.WriteLine(line);
            return 0;
        }
    }
}
