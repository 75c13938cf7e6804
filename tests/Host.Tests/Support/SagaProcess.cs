using System.Diagnostics;
using System.Text;

namespace Saga.Host.Tests.Support;

/// <summary>The real <c>saga</c> executable, run in a folder of its own (store, logs) with extra environment.</summary>
internal sealed class SagaProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private SagaProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Stdout
    {
        get
        {
            lock (stdout)
                return stdout.ToString();
        }
    }

    public string Stderr
    {
        get
        {
            lock (stderr)
                return stderr.ToString();
        }
    }

    public static SagaProcess Start(string folder, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "saga"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("saga did not start");
        process.StandardInput.Close();
        return new SagaProcess(process);
    }

    /// <summary>Runs saga to its end and returns its exit code; output is on <see cref="Stdout"/> and <see cref="Stderr"/>.</summary>
    public static async Task<SagaProcess> RunAsync(string folder, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var run = Start(folder, environment, args);
        await run.WaitAsync();
        return run;
    }

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    public async Task WaitAsync()
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken); // a safety net on a loaded machine, not a timed assertion
        process.WaitForExit(); // drains the redirected output
    }

    /// <summary>SIGKILL: no cleanup, no flush, as when the orchestrator's machine dies.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    public override string ToString() => $"exit {(process.HasExited ? process.ExitCode : -1)}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
            return;
        lock (builder)
            builder.AppendLine(line);
    }
}
