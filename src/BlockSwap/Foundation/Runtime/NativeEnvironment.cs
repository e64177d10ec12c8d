using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// The C environment that native libraries (libgomp, MPI, UCX) read when they load. .NET's
/// Environment.SetEnvironmentVariable does not reach it on Unix, so these call libc.
/// </summary>
public static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        if (setenv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed");
    }

    public static bool IsSet(string name) => Marshal.PtrToStringUTF8(getenv(name)) is not null;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);
}
