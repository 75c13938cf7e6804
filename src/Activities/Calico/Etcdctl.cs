using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>
/// etcdctl commands with the API version always set (etcdctl 3.3 and older default to v2, 3.4 to v3), the
/// inventory's TLS files, and the user's password from SAGA_ETCD_PASSWORD passed as environment, never as an argument.
/// </summary>
public sealed class Etcdctl(EtcdSettings settings, string? password)
{
    public const string PasswordVariable = "SAGA_ETCD_PASSWORD";

    /// <summary>etcdctl for the inventory's etcd, with the password (if any) from <see cref="PasswordVariable"/>.</summary>
    public static Etcdctl For(EtcdSettings settings) => new(settings, Environment.GetEnvironmentVariable(PasswordVariable));

    /// <summary>The v2 API (Calico 2.6's data): <c>--endpoints</c>, <c>--ca-file</c>, <c>--cert-file</c>, <c>--key-file</c>.</summary>
    public ShellCommand V2(params string[] arguments)
    {
        var args = new List<string> { "etcdctl", "--endpoints", string.Join(',', settings.Endpoints) };
        Add(args, "--ca-file", settings.CaCertFile);
        Add(args, "--cert-file", settings.CertFile);
        Add(args, "--key-file", settings.KeyFile);
        var command = ShellCommand.Plain([.. args, .. arguments]).WithEnvironment("ETCDCTL_API", "2");
        return settings.User is { } user ? command.WithEnvironment("ETCDCTL_USERNAME", $"{user}:{password}") : command;
    }

    /// <summary>The v3 API (the migrated data): <c>--endpoints</c>, <c>--cacert</c>, <c>--cert</c>, <c>--key</c>.</summary>
    public ShellCommand V3(params string[] arguments)
    {
        var args = new List<string> { "etcdctl", "--endpoints", string.Join(',', settings.Endpoints) };
        Add(args, "--cacert", settings.CaCertFile);
        Add(args, "--cert", settings.CertFile);
        Add(args, "--key", settings.KeyFile);
        var command = ShellCommand.Plain([.. args, .. arguments]).WithEnvironment("ETCDCTL_API", "3");
        return settings.User is { } user ? command.WithEnvironment("ETCDCTL_USER", $"{user}:{password}") : command;
    }

    private static void Add(List<string> args, string flag, string? value)
    {
        if (value is not null)
            args.AddRange([flag, value]);
    }
}
