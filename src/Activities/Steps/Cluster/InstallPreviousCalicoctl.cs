using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Runbook step 1: remove the upgraded calicoctl and install the previous one (v1.6.x for Calico 2.6).</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Install the previous calicoctl",
    Description = "Runbook step 1 (CentOS and Ubuntu): remove any upgraded calicoctl and install the previous one. For Calico 2.6 that is " +
                  "calicoctl v1.6.x (not 2.6): checked against its sha256 and `calicoctl version`; the v1-format calicoctl.cfg is put back " +
                  "when the upgrade rewrote it.")]
public sealed class InstallPreviousCalicoctl(INodeShell shell, IOptions<CalicoctlOptions> options, ILogger<InstallPreviousCalicoctl> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (Skipping.Check(inventory, SkipStep.Calicoctl, "calicoctl is left as it is on every node") is { } skipped)
            return skipped;
        var settings = inventory.Calicoctl ?? throw new InvalidOperationException("the inventory has no calicoctl section; the loader requires one unless skip: [calicoctl] is given");

        var binary = await LoadAsync(settings, options.Value.MaxDownloadBytes, cancellationToken);
        var actual = Convert.ToHexStringLower(SHA256.HashData(binary));
        if (actual != settings.Sha256)
            return ActivityResult.Fault($"{settings.Source} has sha256 {actual}, not the expected {settings.Sha256}; nothing was installed");

        var nodes = settings.Nodes.Select(inventory.Node).ToList();
        return await NodeWork.ForEachAsync("step 1: remove upgraded calicoctl, install the previous one (v1.6.x)", nodes, inventory.FanOut.Parallel, logger,
            (node, transcript, ct) => InstallAsync(context, node, settings, binary, transcript, ct), cancellationToken);
    }

    /// <summary>
    /// Two round trips and the upload: what is there (every calicoctl on the PATH, the installed file's sha256, both
    /// calicoctl.cfg files) in one, then the removals, the mode, the sha256 again and the version in another. When
    /// something is to change, one more before the upload: the backups of exactly the files that change, recorded as the
    /// step's undo before anything acts (a part of a batch runs whatever the others did, so they cannot share one).
    /// </summary>
    private async Task<NodeOutcome> InstallAsync(ActivityContext context, NodeSpec node, CalicoctlSettings settings, byte[] binary, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var look = new NodeBatch();
        var find = look.Run(NodeFactsReader.FindCalicoctlCommand);
        var sumBefore = look.Run(Sha256(settings));
        var config = look.Read(Preflight.CalicoctlConf);
        var backup = settings.ConfigBackup is { } path ? look.Read(path) : -1;
        var seen = await shell.RunBatchAsync(node, look, cancellationToken);

        var removed = new List<string>();
        foreach (var found in NodeFactsReader.ParseCalicoctl(seen[find]))
        {
            transcript.Note($"found {found.Path} ({found.Version ?? "no version"})");
            if (found.Path != settings.InstallPath && found.Version?.StartsWith("v1.6.", StringComparison.Ordinal) != true)
                removed.Add(found.Path);
        }

        var upload = !seen[sumBefore].Succeeded || !seen[sumBefore].Stdout.StartsWith(settings.Sha256, StringComparison.Ordinal);
        var configBackup = backup < 0 ? null : seen.File(backup);
        string[] changing = [.. removed, .. upload ? [settings.InstallPath] : Array.Empty<string>(),
            .. ConfigToRestore(settings, seen.File(config), configBackup) ? [Preflight.CalicoctlConf] : Array.Empty<string>()];
        if (changing.Length > 0)
            await NodeBackup.SaveAsync(shell, node, context, transcript, changing, cancellationToken);

        var act = new NodeBatch();
        var removals = removed.Select(path => act.Run(ShellCommand.Sudo("rm", "-f", path))).ToList();
        if (upload)
            await shell.WriteFileAsync(node, settings.InstallPath, binary, cancellationToken);
        var chmod = upload ? act.Run(ShellCommand.Sudo("chmod", "0755", settings.InstallPath)) : -1;
        var sumAfter = upload ? act.Run(Sha256(settings)) : -1;
        var versionPart = act.Run(ShellCommand.Plain(settings.InstallPath, "version"));
        var done = await shell.RunBatchAsync(node, act, cancellationToken);

        foreach (var removal in removals)
            transcript.Command(done[removal].EnsureSuccess());
        var sum = seen[sumBefore];
        if (upload)
        {
            transcript.Command(done[chmod].EnsureSuccess());
            sum = done[sumAfter].EnsureSuccess();
            if (!sum.Stdout.StartsWith(settings.Sha256, StringComparison.Ordinal))
                throw new NodeException(node.Name, $"{settings.InstallPath} has the wrong sha256 after the upload: {sum.Stdout.Trim()}", retryable: false);
        }

        transcript.Command(sum);
        var version = done[versionPart];
        transcript.Command(version);
        if (!version.Stdout.Split('\n')[0].Contains("v1.6.", StringComparison.Ordinal))
            throw new NodeException(node.Name, $"{settings.InstallPath} version does not report v1.6.x: {version.Stdout.Split('\n')[0].Trim()}", retryable: false);

        var restored = await RestoreConfigAsync(node, settings, seen.File(config), configBackup, transcript, cancellationToken);
        return removals.Count > 0 || upload || restored ? NodeOutcome.Done("calicoctl v1.6 installed") : NodeOutcome.AlreadyDone("calicoctl v1.6 in place");
    }

    private static ShellCommand Sha256(CalicoctlSettings settings) => ShellCommand.Sudo("sha256sum", settings.InstallPath);

    /// <summary>Whether <see cref="RestoreConfigAsync"/> will write calicoctl.cfg: it is in v3 format and a v1-format backup is named and there.</summary>
    private static bool ConfigToRestore(CalicoctlSettings settings, byte[]? current, byte[]? backup) =>
        current is not null && Encoding.UTF8.GetString(current).Contains("projectcalico.org/v3", StringComparison.Ordinal) &&
        settings.ConfigBackup is not null && backup is not null && Encoding.UTF8.GetString(backup).Contains("apiVersion: v1", StringComparison.Ordinal);

    /// <summary>calicoctl v1.6 cannot read the v3 calicoctl.cfg the upgrade wrote; the v1 form comes back from the named backup.</summary>
    private async Task<bool> RestoreConfigAsync(NodeSpec node, CalicoctlSettings settings, byte[]? current, byte[]? backup, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        if (current is null || !Encoding.UTF8.GetString(current).Contains("projectcalico.org/v3", StringComparison.Ordinal))
        {
            transcript.Note($"{Preflight.CalicoctlConf}: {(current is null ? "none" : "already v1 format")}");
            return false;
        }

        if (settings.ConfigBackup is null)
        {
            transcript.Note($"WARNING: {Preflight.CalicoctlConf} is in v3 format and no calicoctl.configBackup is named; calicoctl v1.6 will not read it");
            return false;
        }

        if (backup is null)
            throw new NodeException(node.Name, $"calicoctl.configBackup {settings.ConfigBackup} does not exist", retryable: false);
        if (!Encoding.UTF8.GetString(backup).Contains("apiVersion: v1", StringComparison.Ordinal))
            throw new NodeException(node.Name, $"{settings.ConfigBackup} is not a v1-format calicoctl.cfg", retryable: false);
        await shell.WriteFileAsync(node, Preflight.CalicoctlConf, backup, cancellationToken);
        transcript.Note($"{Preflight.CalicoctlConf} restored from {settings.ConfigBackup}");
        return true;
    }

    private static async Task<byte[]> LoadAsync(CalicoctlSettings settings, long maxBytes, CancellationToken cancellationToken)
    {
        if (!settings.Source.StartsWith("http", StringComparison.Ordinal))
            return await File.ReadAllBytesAsync(settings.Source, cancellationToken);
        // One download per run, never more than maxBytes read: a source that answers without end stops here.
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5), MaxResponseContentBufferSize = Math.Min(maxBytes, int.MaxValue) };
        try
        {
            return await client.GetByteArrayAsync(new Uri(settings.Source), cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new InvalidDataException($"{settings.Source} is larger than {maxBytes} bytes ({CalicoctlOptions.SectionName}:MaxDownloadBytes); nothing was installed", ex);
        }
    }
}
