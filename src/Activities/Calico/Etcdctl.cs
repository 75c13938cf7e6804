using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>
/// etcdctl against one of the inventory's two clusters, with the API version always set (etcdctl 3.3 and older
/// default to v2, 3.4 to v3: etcdctl/main.go reads ETCDCTL_API), the cluster's TLS files, and the user's password
/// passed on standard input: the remote command line (visible in /proc/PID/cmdline) never holds it. A fixed script
/// reads it and exports <c>ETCDCTL_USERNAME=user:password</c> (v2: ctlv2/command/util.go newClient) or
/// <c>ETCDCTL_USER=user:password</c> (v3: the --user flag through pkg/flags SetPflagsFromEnv), which etcdctl takes
/// as "username[:password]" without a prompt.
/// </summary>
public sealed class Etcdctl
{
    public const string V2PasswordVariable = "SAGA_ETCD_V2_PASSWORD";
    public const string V3PasswordVariable = "SAGA_ETCD_V3_PASSWORD";

    // $1 the variable for user:password, $2 the user ('' = none), $3 a file for standard output ('' = none), then
    // etcdctl and its arguments. The password is the first line of standard input; a file is written 0600 and
    // appears only when complete.
    private const string Script = """
        variable=$1 user=$2 out=$3; shift 3
        if [ -n "$user" ]; then
          IFS= read -r password || [ -n "$password" ] || { echo "saga: no etcd password on standard input" >&2; exit 125; }
          export "$variable=$user:$password"
        fi
        [ -n "$out" ] || exec "$@" < /dev/null
        umask 077
        "$@" < /dev/null > "$out.part" || { rc=$?; rm -f "$out.part"; exit $rc; }
        mv -f "$out.part" "$out"
        """;

    private readonly EtcdCluster cluster;
    private readonly string? password;

    private Etcdctl(int api, EtcdCluster cluster, string? password)
    {
        Api = api;
        this.cluster = cluster;
        this.password = password;
    }

    /// <summary>2 or 3.</summary>
    public int Api { get; }

    /// <summary>The v2 API against the v2 cluster (Calico 2.6's data), password from <see cref="V2PasswordVariable"/>.</summary>
    public static Etcdctl V2(EtcdSettings settings) => new(2, settings.V2, Password(settings.V2, V2PasswordVariable));

    /// <summary>The v3 API against the v3 cluster (the migrated data), password from <see cref="V3PasswordVariable"/>.</summary>
    public static Etcdctl V3(EtcdSettings settings) => new(3, settings.V3, Password(settings.V3, V3PasswordVariable));

    /// <summary>For plans: the same commands, no password needed.</summary>
    public static Etcdctl ForPlan(int api, EtcdCluster cluster) => new(api, cluster, cluster.User is null ? null : "");

    /// <summary>The endpoints, for messages.</summary>
    public string Endpoints => string.Join(',', cluster.Endpoints);

    /// <summary><c>etcdctl ARGUMENTS</c>, standard output as the result's.</summary>
    public ShellCommand Command(params string[] arguments) => Build(null, arguments);

    /// <summary><c>etcdctl ARGUMENTS &gt; FILE</c>: standard output to a new file, mode 0600, there only when complete.</summary>
    public ShellCommand CommandTo(string file, params string[] arguments) => Build(file, arguments);

    private ShellCommand Build(string? file, string[] arguments)
    {
        string[] flags = Api == 2
            ? ["--endpoints", Endpoints, .. Flag("--ca-file", cluster.CaCertFile), .. Flag("--cert-file", cluster.CertFile), .. Flag("--key-file", cluster.KeyFile)]
            : ["--endpoints", Endpoints, .. Flag("--cacert", cluster.CaCertFile), .. Flag("--cert", cluster.CertFile), .. Flag("--key", cluster.KeyFile)];
        var api = Api.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = $"ETCDCTL_API={api} etcdctl {string.Join(' ', flags.Select(ShellCommand.Quote))}" +
                    (cluster.User is { } u ? $" {(Api == 2 ? "--username" : "--user")} {ShellCommand.Quote(u)}:***" : "") +
                    $" {string.Join(' ', arguments.Select(ShellCommand.Quote))}" + (file is null ? "" : $" > {ShellCommand.Quote(file)}");
        if (cluster.User is null && file is null)
            return ShellCommand.Sudo(["etcdctl", .. flags, .. arguments]).WithEnvironment("ETCDCTL_API", api).ShownAs(shown);
        var command = ShellCommand.Script(true, Script, [Api == 2 ? "ETCDCTL_USERNAME" : "ETCDCTL_USER", cluster.User ?? "", file ?? "", "etcdctl", .. flags, .. arguments])
            .WithEnvironment("ETCDCTL_API", api)
            .ShownAs(shown + (cluster.User is null ? "" : "   # password on standard input"));
        return cluster.User is null ? command : command.WithInput((password ?? "") + "\n");
    }

    private static string[] Flag(string flag, string? value) => value is null ? [] : [flag, value];

    private static string? Password(EtcdCluster cluster, string variable)
    {
        if (cluster.User is null)
            return null;
        var password = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(password))
            throw new InvalidOperationException($"the etcd user {cluster.User} of {string.Join(',', cluster.Endpoints)} needs its password in {variable}, which is not set");
        if (password.Contains('\n', StringComparison.Ordinal) || password.Contains('\r', StringComparison.Ordinal))
            throw new InvalidOperationException($"{variable} holds a line break; etcdctl cannot take such a password");
        return password;
    }
}
