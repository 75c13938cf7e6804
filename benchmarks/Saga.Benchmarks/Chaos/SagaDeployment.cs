using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// A bus deployment of saga on one machine: <c>saga serve</c> (leaving node work to the workers) and two
/// <c>saga worker</c> processes on a shared PostgreSQL store and a RabbitMQ broker, each process's output appended to a
/// file of its own in the trial's folder. Processes are killed with SIGKILL, as a crash or the OOM killer would.
/// </summary>
internal sealed partial class SagaDeployment(string saga, string folder, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private readonly Process?[] workers = new Process?[2];
    private Process? host;
    private int started;

    public int Workers => workers.Length;

    public string Folder => folder;

    public void StartHost() => host = Start("host", "serve", "--urls", "http://127.0.0.1:0");

    public void StartWorker(int index) => workers[index] = Start($"worker{index}", "worker");

    public void KillHost() => Kill(ref host);

    /// <summary>
    /// Throws when <c>saga serve</c> or a worker ended by itself (a setting it refuses, a crash): the trial cannot go
    /// on, and waiting out its timeout would only hide why.
    /// </summary>
    public void EnsureRunning()
    {
        foreach (var (name, process) in workers.Select((w, i) => ($"worker{i}", w)).Prepend(("host", host)))
        {
            if (process is { HasExited: true })
            {
                var log = LogOf(name);
                var said = File.Exists(log) ? File.ReadAllText(log).Trim() : "";
                throw new InvalidOperationException($"saga {(name == "host" ? "serve" : "worker")} ({name}) exited {process.ExitCode} by itself: {said}");
            }
        }
    }

    public void KillWorker(int index) => Kill(ref workers[index]);

    /// <summary>Runs <c>saga trigger start</c>; returns the id of the instance it asked for.</summary>
    public async Task<string> TriggerStartAsync(string inventory, int parallel, int canary)
    {
        var (code, output) = await RunAsync("trigger", "start", "-i", inventory, "--parallel", $"{parallel}", "--canary", $"{canary}");
        var sent = SentLine().Match(output);
        return code == 0 && sent.Success ? sent.Groups[1].Value : throw new InvalidOperationException($"saga trigger start exited {code}: {output}");
    }

    /// <summary>Runs a short saga command (<c>trigger approve ID</c>, <c>trigger resume ID</c>) to its end.</summary>
    public async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var name = $"command{Interlocked.Increment(ref started)}";
        using var process = Start(name, args);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"saga {string.Join(' ', args)} did not end within 2 minutes");
        }

        var log = LogOf(name);
        return (process.ExitCode, File.Exists(log) ? await File.ReadAllTextAsync(log) : "");
    }

    public void Dispose()
    {
        KillHost();
        for (var i = 0; i < workers.Length; i++)
            KillWorker(i);
    }

    private static void Kill(ref Process? process)
    {
        if (process is null)
            return;
        if (!process.HasExited)
            process.Kill(); // SIGKILL
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    private string LogOf(string name) => Path.Combine(folder, $"{name}.out");

    /// <param name="name">What the process is; its output goes to NAME.out in the folder.</param>
    /// <param name="args">saga's arguments.</param>
    private Process Start(string name, params string[] args)
    {
        var log = LogOf(name);
        // exec: the process the benchmark holds (and kills) is saga itself, not a shell around it
        var info = new ProcessStartInfo("bash", ["-c", "exec \"$0\" \"$@\" >> \"$SAGA_CHAOS_LOG\" 2>&1 < /dev/null", saga, .. args])
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        info.Environment["SAGA_CHAOS_LOG"] = log;
        return Process.Start(info) ?? throw new InvalidOperationException("saga did not start");
    }

    [GeneratedRegex("Sent StartDowngrade for instance ([0-9a-f]{32})")]
    private static partial Regex SentLine();
}
