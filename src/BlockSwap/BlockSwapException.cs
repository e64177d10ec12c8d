namespace BlockSwap;

/// <summary>
/// A problem with what the user asked for (bad option, bad file, unreachable budget). The CLI prints
/// its message as one line and exits with code 2; the message names the problem and the fix.
/// </summary>
public class BlockSwapException(string message) : Exception(message);
