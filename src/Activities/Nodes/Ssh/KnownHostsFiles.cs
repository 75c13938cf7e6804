using System.Collections.Concurrent;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// known_hosts files as they are now: a file is read again whenever its size or modification time changed since it was
/// last read, so a key removed or marked <c>@revoked</c> is refused from the next connection (or reuse) on, without a
/// restart.
/// </summary>
internal sealed class KnownHostsFiles
{
    private readonly ConcurrentDictionary<string, (Stamp Stamp, KnownHosts File)> files = new(StringComparer.Ordinal);

    public KnownHosts Get(string path)
    {
        var stamp = Stamp.Of(path);
        if (files.TryGetValue(path, out var cached) && cached.Stamp == stamp)
            return cached.File;
        var file = KnownHosts.Load(path);
        files[path] = (stamp, file);
        return file;
    }

    /// <summary>What tells a changed file (modification times have nanoseconds on Linux; a replaced file has its own).</summary>
    private sealed record Stamp(bool Exists, long Length, DateTime Modified)
    {
        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(true, info.Length, info.LastWriteTimeUtc) : new Stamp(false, 0, default);
        }
    }
}
