using System.Runtime.InteropServices;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM cancel the running job, which stops at its next safe point (between training steps or
/// candidates) with its last checkpoint intact; the process then exits 130 or 143. A second Ctrl-C ends it at once.
/// </summary>
internal static class Interruption
{
    private static readonly CancellationTokenSource Source = new();
    private static PosixSignalRegistration? term;

    public static CancellationToken Token => Source.Token;

    /// <summary>The signal that cancelled the job, if one did.</summary>
    public static (string Name, int ExitCode)? Signal { get; private set; }

    private static bool listening;

    public static void Listen()
    {
        if (listening) return; // once per process (the tests run the CLI in-process many times)
        listening = true;
        Console.CancelKeyPress += (_, e) =>
        {
            if (Source.IsCancellationRequested) return; // a second Ctrl-C ends the process
            e.Cancel = true;
            Stop("SIGINT (Ctrl-C)", 130);
        };
        term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Stop("SIGTERM", 143);
        });
    }

    private static void Stop(string name, int code)
    {
        Signal = (name, code);
        Console.Error.WriteLine($"{name}: stopping at the next safe point and keeping the last checkpoint; rerun the same command to continue " +
                                "(a second Ctrl-C ends at once, and work since the last checkpoint is lost)");
        Source.Cancel();
    }
}
