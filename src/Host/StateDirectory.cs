namespace Saga.Host;

/// <summary>
/// Where saga keeps what it writes for itself when not told otherwise (logs, the default SQLite store, the API key's
/// hash): <c>$XDG_STATE_HOME/saga</c>, else <c>~/.local/state/saga</c>, as the XDG Base Directory specification
/// places state data; never the directory saga happens to be started in.
/// </summary>
internal static class StateDirectory
{
    public const string StoreFileName = "saga.db";

    /// <summary><c>$XDG_STATE_HOME/saga</c> when that is an absolute path (the specification ignores a relative one), else <c>~/.local/state/saga</c>.</summary>
    public static string Path
    {
        get
        {
            var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(state) || !System.IO.Path.IsPathRooted(state))
                state = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            return System.IO.Path.Combine(state, "saga");
        }
    }

    /// <summary>The SQLite store used when no connection string is configured.</summary>
    public static string DefaultStore => System.IO.Path.Combine(Path, StoreFileName);
}
