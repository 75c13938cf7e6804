using Saga.Tests.Lab;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// Which operations a run repeated on a node. The rule: a mutating operation is one that changed a node or etcd.
/// <list type="bullet">
/// <item>A package transaction: a journal line of <c>yum downgrade|install|reinstall|erase|remove|update|upgrade</c>,
/// <c>yum-complete-transaction</c> (not <c>--cleanup-only</c>), <c>apt-get install|remove|purge|upgrade|dist-upgrade</c>
/// or <c>dpkg --configure|--install|-i|--remove|-r|--purge|-P</c>. The lab journals every run, also one that ended in
/// "Nothing to do" or an error, so this counts a transaction that found nothing to change as well: saga checks the
/// installed versions before it starts one, so a second one on a node is a repeat whatever it found, and the count is
/// an upper bound of "a transaction that changed a version".</item>
/// <item>An etcd write or delete: an <c>etcdctl</c> journal line (the lab journals only its writing commands: put, del,
/// set, rm, txn and the like). saga reads a key before it writes it, so the same write twice is a repeat.</item>
/// <item>A file edit that changed a file: not in the lab's journal (saga replaces files with an upload and
/// <c>mv</c>, which the lab does not journal), so <see cref="FileEdits"/> watches the files saga edits and counts
/// each change of content; a rewrite with the same bytes is no change.</item>
/// </list>
/// Not mutating, so free to repeat: cache refreshes (<c>yum clean|makecache</c>, <c>apt-get update</c>), every start,
/// stop and restart of a service (<c>systemctl</c>, <c>service</c>, <c>invoke-rc.d</c>, and <c>pkill</c> of the
/// DHCP agent's dnsmasq): a restart after the packages changed is what makes a service correct, and any later one
/// restarts a service that already is, which may repeat; whether the last restart came after the last package change
/// is what the cluster's verification checks. Probes and queries are not journalled at all.
/// An operation repeated is the same command line (or the same file changed) more than once on one node; each extra
/// run counts once.
/// </summary>
internal static class MutatingOperations
{
    /// <summary>The operations repeated on the nodes of the lab; empty when none.</summary>
    public static IReadOnlyList<Repeat> Repeated(Lab lab, FileEdits edits)
    {
        var repeats = new List<Repeat>();
        foreach (var node in lab.Inventory.Nodes)
        {
            var commands = lab.Journal(node.Name).Select(l => l.Split(' ', 2)).Where(f => f.Length == 2).Select(f => f[1]).Where(IsMutating);
            repeats.AddRange(commands.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => new Repeat(node.Name, g.Key, g.Count())));
        }

        repeats.AddRange(edits.Changes.Where(c => c.Value > 1).Select(c => new Repeat(c.Key.Node, $"edit of {c.Key.Path}", c.Value)));
        return repeats;
    }

    /// <summary>Whether a journal line (without its time) is a mutating operation under the rule above.</summary>
    public static bool IsMutating(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["yum", .. var rest] => rest.Any(w => w is "downgrade" or "install" or "reinstall" or "erase" or "remove" or "update" or "upgrade"),
            ["yum-complete-transaction", .. var rest] => !rest.Contains("--cleanup-only"),
            ["apt-get", .. var rest] => rest.Any(w => w is "install" or "remove" or "purge" or "upgrade" or "dist-upgrade"),
            ["dpkg", .. var rest] => rest.Any(w => w is "--configure" or "--install" or "-i" or "--remove" or "-r" or "--purge" or "-P"),
            ["etcdctl", ..] => true,
            _ => false,
        };
    }
}

/// <summary>A mutating operation that ran <paramref name="Times"/> times on <paramref name="Node"/>; it counts Times - 1.</summary>
internal sealed record Repeat(string Node, string What, int Times)
{
    public override string ToString() => $"{Node}: {What} ({Times} times)";
}
