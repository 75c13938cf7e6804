using System.Diagnostics;
using System.Globalization;

namespace Saga.Engine.Runtime;

/// <summary>
/// Who holds a lease: machine, process id and process start time. On the same machine a dead owner is seen at
/// once (its process is gone, or the pid now belongs to a later process), so an operator need not wait for expiry.
/// </summary>
internal sealed class RunnerIdentity
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    public RunnerIdentity()
    {
        using var self = Process.GetCurrentProcess();
        Owner = Format(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime());
    }

    public string Owner { get; }

    public static string Format(string machine, int pid, DateTime startedUtc) =>
        $"{machine}:{pid.ToString(CultureInfo.InvariantCulture)}:{startedUtc.Ticks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"pid 1234 on host-a", for messages.</summary>
    public static string Describe(string owner) =>
        Parse(owner) is { } o ? $"pid {o.Pid} on {o.Machine}" : owner;

    /// <summary>True when the owner is this very process.</summary>
    public static bool IsThisProcess(string owner) =>
        Parse(owner) is { } o && o.Pid == Environment.ProcessId && string.Equals(o.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>True only when the owner is known to be gone: a process on this machine that no longer runs.</summary>
    public static bool IsKnownDead(string owner)
    {
        if (Parse(owner) is not { } o || !string.Equals(o.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            return false;
        try
        {
            using var process = Process.GetProcessById(o.Pid);
            if (process.HasExited)
                return true;
            var drift = process.StartTime.ToUniversalTime() - new DateTime(o.StartedTicks, DateTimeKind.Utc);
            return drift.Duration() > StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // exited while we looked
        }
    }

    private static (string Machine, int Pid, long StartedTicks)? Parse(string owner)
    {
        var parts = owner.Split(':');
        return parts.Length is 3 or 4 // machine:pid:start[:run]
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (parts[0], pid, ticks)
            : null;
    }
}
