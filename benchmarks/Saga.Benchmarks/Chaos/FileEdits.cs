using System.Security.Cryptography;
using Saga.Tests.Lab;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// Watches, from the host, the files of every node that saga edits (felix.cfg, calicoctl and its configuration, the
/// package sources, neutron.conf) and counts each change of a file's content: created, deleted or different bytes.
/// A file is looked at every half second: its size and time of last write first, its hash only when they changed, so
/// a rewrite with the same bytes is not a change. Two changes of one file within half a second count as one; saga's
/// edits check before they write, so a repeated edit would be the same change made again after something undid it,
/// which takes longer than that.
/// </summary>
internal sealed class FileEdits : IAsyncDisposable
{
    private static readonly string[] Folders = ["etc/calico", "etc/yum.repos.d", "etc/apt/sources.list.d", "etc/neutron"];
    private static readonly string[] Files = ["etc/apt/sources.list", "usr/local/bin/calicoctl"];

    private readonly Dictionary<(string Node, string Path), (long Size, DateTime Written, string Hash)> seen = [];
    private readonly Dictionary<(string Node, string Path), int> changes = [];
    private readonly (string Node, string Root)[] nodes;
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private FileEdits(Lab lab)
    {
        nodes = lab.Inventory.Nodes.Select(n => (n.Name, lab.NodePath(n.Name, "/"))).ToArray();
        Look(count: false);
        watching = WatchAsync();
    }

    /// <summary>Per node and file (path inside the node), how many times its content changed; only files that changed.</summary>
    public IReadOnlyDictionary<(string Node, string Path), int> Changes
    {
        get
        {
            lock (changes)
                return new Dictionary<(string Node, string Path), int>(changes);
        }
    }

    /// <summary>Starts watching the lab's nodes as they are now.</summary>
    public static FileEdits Watch(Lab lab) => new(lab);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Look(count: true); // the last half second
        stop.Dispose();
    }

    private async Task WatchAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
            Look(count: true);
        }
    }

    private void Look(bool count)
    {
        foreach (var (node, root) in nodes)
        {
            var present = Folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles)
                .Concat(Files.Select(f => Path.Combine(root, f)).Where(File.Exists))
                .Where(p => !p.EndsWith(".saga-new", StringComparison.Ordinal)) // saga's copy beside the file it replaces, renamed over it
                .Select(p => "/" + Path.GetRelativePath(root, p)).ToHashSet(StringComparer.Ordinal);
            var known = seen.Keys.Where(k => k.Node == node).Select(k => k.Path).ToList();
            foreach (var gone in known.Where(p => !present.Contains(p)))
            {
                seen.Remove((node, gone));
                Changed(node, gone, count);
            }

            foreach (var path in present)
            {
                var file = new FileInfo(Path.Combine(root, path.TrimStart('/')));
                try
                {
                    var (size, written) = (file.Length, file.LastWriteTimeUtc);
                    if (seen.TryGetValue((node, path), out var before) && before.Size == size && before.Written == written)
                        continue;
                    var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName)));
                    seen[(node, path)] = (size, written, hash);
                    if (before.Hash != hash)
                        Changed(node, path, count);
                }
                catch (IOException)
                {
                    // replaced or removed while looked at: the next look sees what it became
                }
            }
        }
    }

    private void Changed(string node, string path, bool count)
    {
        if (!count)
            return;
        lock (changes)
            changes[(node, path)] = changes.GetValueOrDefault((node, path)) + 1;
    }
}
