using System.Diagnostics;

namespace BlockSwap.Tests.Properties;

/// <summary>
/// Runs the command line in this process (CliApp.Run) with standard output and error captured, one call at a time;
/// or, with BLOCKSWAP_PROPERTY_TOOL=DIR/blockswap.dll, as a separate process of another build (a survey of an older
/// release uses that).
/// </summary>
internal static class CliHarness
{
    private static readonly object Gate = new();

    public static string? ExternalTool => Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTY_TOOL") is { Length: > 0 } t ? t : null;

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        if (ExternalTool is { } tool) return RunProcess(tool, args);
        lock (Gate)
        {
            var (stdout, stderr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                int code = BlockSwap.Cli.CliAppAccess.Run(args);
                return (code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        }
    }

    private static (int, string, string) RunProcess(string tool, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(tool);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); return (-1, o.Result, "timed out"); }
        return (p.ExitCode, o.Result, e.Result);
    }
}
