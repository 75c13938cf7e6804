using Saga.Engine.Instances;
using Saga.Host.Logging;
using Serilog.Events;
using Spectre.Console;

namespace Saga.Host.Cli.Live;

/// <summary>
/// Shows a run in one Spectre.Console Live display while it goes on: on a terminal, unless <c>--plain</c>. Console log
/// output is held back meanwhile (it would tear the display) and its warnings are summarised after; the files get
/// everything as usual. Progress comes from <see cref="ClusterProgress"/> when the run is in this process, else from
/// the store's summaries, read once a second (never the journal).
/// </summary>
internal sealed class LiveView(IWorkflowInstances instances, ConsoleLog console, LogFiles logs, TimeProvider time, ClusterProgress? progress = null)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StoreRefresh = TimeSpan.FromSeconds(1);

    /// <summary>Whether a live view can be shown: standard output is a terminal that understands it, and the user did not ask for plain lines.</summary>
    public static bool Wanted(bool plain) =>
        !plain && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb") && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>Shows the instance until <paramref name="work"/> ends, then returns what it returned.</summary>
    /// <param name="instanceId">The instance, once known (a run creates it first).</param>
    /// <param name="computeTotal">Compute nodes in all, when known (the inventory's); else counted from the store.</param>
    /// <param name="work">The run, or the wait for it.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<T> ShowWhileAsync<T>(string instanceId, int? computeTotal, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        console.Hold();
        Task<T>? running = null;
        try
        {
            var view = await ReadAsync(instanceId, computeTotal, time.GetUtcNow().UtcDateTime, cancellationToken);
            if (view is not null)
                progress?.Seed(view);
            var lastRead = time.GetUtcNow().UtcDateTime;
            await AnsiConsole.Live(new Text("")).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async live =>
            {
                running = work();
                while (!running.IsCompleted)
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    if (progress is not null)
                    {
                        view = progress.Snapshot(computeTotal ?? 0) ?? view; // pushed: no store reads
                    }
                    else if (now - lastRead >= StoreRefresh)
                    {
                        view = await ReadAsync(instanceId, computeTotal, now, cancellationToken) ?? view;
                        lastRead = now;
                    }

                    if (view is not null)
                        live.UpdateTarget(LiveTable.Render(view, now));
                    await Task.WhenAny(running, Task.Delay(Refresh, time, cancellationToken));
                }

                // The last picture is the store's, so it stays on the screen as the run left the instance.
                if ((await ReadAsync(instanceId, computeTotal, time.GetUtcNow().UtcDateTime, CancellationToken.None) ?? view) is { } final)
                    live.UpdateTarget(LiveTable.Render(final, time.GetUtcNow().UtcDateTime));
            });
            return await running!;
        }
        finally
        {
            Summarise(console.Release());
        }
    }

    private async Task<ClusterView?> ReadAsync(string instanceId, int? computeTotal, DateTime now, CancellationToken cancellationToken)
    {
        var parent = await instances.FindAsync(instanceId, cancellationToken);
        return parent is null ? null : ClusterView.From(parent, await instances.ListChildrenAsync(instanceId, cancellationToken), computeTotal, now);
    }

    /// <summary>How many warnings and errors were held back, the first few, and where the rest are.</summary>
    private void Summarise(IReadOnlyList<LogEvent> held)
    {
        if (held.Count == 0)
            return;
        var errors = held.Count(e => e.Level >= LogEventLevel.Error);
        Console.Error.WriteLine($"{held.Count} warning(s) and error(s) while the live view was shown ({errors} error(s)); all are in {logs.Directory}:");
        foreach (var e in held.Take(5))
            Console.Error.WriteLine($"  {e.Timestamp:HH:mm:ss} {(e.Level >= LogEventLevel.Error ? "ERR" : "WRN")} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).ReplaceLineEndings(" ")}");
        if (held.Count > 5)
            Console.Error.WriteLine($"  ... and {held.Count - 5} more");
    }
}
