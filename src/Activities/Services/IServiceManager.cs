using System.Globalization;
using System.Text.RegularExpressions;
using Saga.Activities.Nodes;

namespace Saga.Activities.Services;

/// <summary>Restarts and checks services: systemd's systemctl, or upstart's service on trusty.</summary>
public interface IServiceManager
{
    ShellCommand Restart(string service);

    ShellCommand Status(string service);

    /// <summary>Whether the status command says the service runs.</summary>
    bool IsRunning(CommandResult status);

    /// <summary>Asks which process the service runs now.</summary>
    ShellCommand MainProcess(string service);

    /// <summary>The PID of the service's main process, or null when it runs none.</summary>
    int? ParseMainProcess(CommandResult result);
}

/// <summary>systemd (CentOS 7: systemd 219; Ubuntu 16.04: systemd 229).</summary>
public sealed class Systemd : IServiceManager
{
    public ShellCommand Restart(string service) => ShellCommand.Sudo("systemctl", "restart", service);

    public ShellCommand Status(string service) => ShellCommand.Plain("systemctl", "is-active", service);

    public bool IsRunning(CommandResult status) => status.ExitStatus == 0 && status.Stdout.Trim() == "active";

    /// <summary>
    /// <c>systemctl show -p MainPID -p ActiveState UNIT</c>: "NAME=VALUE" lines in the order systemd lists the
    /// properties, not the order asked (systemctl(1)); MainPID=0 when the unit runs no process, also for a unit that
    /// does not exist (rc 0 then too). <c>--value</c> would print the bare value, but came only with systemd 230.
    /// </summary>
    public ShellCommand MainProcess(string service) => ShellCommand.Plain("systemctl", "show", "-p", "MainPID", "-p", "ActiveState", service);

    public int? ParseMainProcess(CommandResult result)
    {
        var properties = result.Stdout.Split('\n', StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        return result.Succeeded && properties.GetValueOrDefault("ActiveState") == "active"
               && int.TryParse(properties.GetValueOrDefault("MainPID"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }
}

/// <summary>upstart (Ubuntu 14.04): <c>service X restart</c>, and <c>X start/running, process N</c> when it runs.</summary>
public sealed partial class Upstart : IServiceManager
{
    public ShellCommand Restart(string service) => ShellCommand.Sudo("service", service, "restart");

    public ShellCommand Status(string service) => ShellCommand.Sudo("service", service, "status");

    public bool IsRunning(CommandResult status) => status.ExitStatus == 0 && status.Stdout.Contains("start/running", StringComparison.Ordinal);

    /// <summary>trusty's <c>service</c> hands an upstart job to <c>status JOB</c>, which names the main process.</summary>
    public ShellCommand MainProcess(string service) => Status(service);

    public int? ParseMainProcess(CommandResult result) =>
        IsRunning(result) && Running().Match(result.Stdout) is { Success: true } match
            ? int.Parse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"start/running, process (?<pid>\d+)")]
    private static partial Regex Running();
}
