using System.Runtime.InteropServices;

namespace Saga.Host;

/// <summary>
/// Everything saga creates for itself is its user's alone: the process runs with umask 077, so the SQLite store and
/// the WAL and shared-memory files SQLite makes beside it, the log files, the API key's hash and the folders that
/// hold them are created 0600 and 0700, whoever creates them (saga, SQLite, Serilog). Files that exist keep their mode.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>Group and others get no bit of what the process creates from now on.</summary>
    public const int Umask = 0b000_111_111; // 077

    /// <summary>Sets the process's umask (not on Windows, which has none).</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsWindows())
            _ = SetUmask(Umask);
    }

    // A blittable call into libc; LibraryImport would need unsafe code for the same thing.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint SetUmask(uint mask);
#pragma warning restore SYSLIB1054
}
