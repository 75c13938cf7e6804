using Saga.Activities.Nodes;

namespace Saga.Activities.Services;

/// <summary>Restarts and checks services: systemd's systemctl, or upstart's service on trusty.</summary>
public interface IServiceManager
{
    ShellCommand Restart(string service);

    ShellCommand Status(string service);

    /// <summary>Whether the status command says the service runs.</summary>
    bool IsRunning(CommandResult status);
}

/// <summary>systemd (CentOS 7, Ubuntu 16.04).</summary>
public sealed class Systemd : IServiceManager
{
    public ShellCommand Restart(string service) => ShellCommand.Sudo("systemctl", "restart", service);

    public ShellCommand Status(string service) => ShellCommand.Plain("systemctl", "is-active", service);

    public bool IsRunning(CommandResult status) => status.ExitStatus == 0 && status.Stdout.Trim() == "active";
}

/// <summary>upstart (Ubuntu 14.04): <c>service X restart</c>, and <c>X start/running, process N</c> when it runs.</summary>
public sealed class Upstart : IServiceManager
{
    public ShellCommand Restart(string service) => ShellCommand.Sudo("service", service, "restart");

    public ShellCommand Status(string service) => ShellCommand.Sudo("service", service, "status");

    public bool IsRunning(CommandResult status) => status.ExitStatus == 0 && status.Stdout.Contains("start/running", StringComparison.Ordinal);
}
