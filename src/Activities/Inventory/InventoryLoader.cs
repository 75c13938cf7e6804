using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saga.Activities.Inventory;

/// <summary>
/// Reads an inventory file. Unknown keys, wrong types and impossible values are refused with the file, line and
/// field named, all of them at once. Values that will reach a node (paths, names) must also look like what they are.
/// </summary>
public static partial class InventoryLoader
{
    private static readonly string[] SupportedFrom = ["3.1"];
    private static readonly string[] SupportedTo = ["2.6"];

    /// <summary>Keys of the single-cluster etcd section of earlier versions.</summary>
    private static readonly string[] LegacyEtcdKeys = ["endpoints", "caCertFile", "certFile", "keyFile", "user"];

    private const string EtcdShape = "etcd: { runOn: NODE, v2: { endpoints: [http://V2-HOST:2379] }, v3: { endpoints: [http://V3-HOST:2379] } }, " +
                                     "each cluster with optional caCertFile, certFile, keyFile, user";

    public static ClusterInventory Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new InventoryException($"{path}: the inventory file does not exist");
        using var reader = new StreamReader(full);
        return Parse(reader, full);
    }

    public static ClusterInventory Parse(TextReader text, string sourcePath)
    {
        var name = System.IO.Path.GetFileName(sourcePath);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(sourcePath)) ?? ".";
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException ex)
        {
            throw new InventoryException($"{name}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InventoryException($"{name}: expected a mapping of settings (os, ssh, nodes, ...)");

        var problems = new List<string>();
        var top = new YamlSection(name, "", root, problems);
        var inventory = Read(top, System.IO.Path.GetFullPath(sourcePath), folder, problems);
        top.RejectUnknown();
        if (problems.Count > 0)
            throw new InventoryException(problems);
        return inventory!;
    }

    private static ClusterInventory? Read(YamlSection top, string sourcePath, string folder, List<string> problems)
    {
        var os = top.Enum<OsChoice>("os", OsChoice.Auto) ?? OsChoice.Auto;
        var from = top.String("from") ?? "3.1";
        var to = top.String("to") ?? "2.6";
        if (!SupportedFrom.Contains(from) || !SupportedTo.Contains(to))
            top.Problem(SupportedFrom.Contains(from) ? "to" : "from", $"only a downgrade from 3.1 to 2.6 is supported (got {from} to {to})");

        var sshSection = top.Section("ssh");
        var ssh = ReadSsh(sshSection, folder);
        var config = ReadSshConfig(sshSection, folder, problems);
        var warnings = new List<string>();
        var neutron = ReadNeutron(top.Section("neutron"), NeutronSettings.Unset);
        var nodes = ReadNodes(top, ssh, config, neutron, folder, problems, warnings);
        var skip = ReadSkip(top);
        var calicoctlSection = top.Section("calicoctl");
        var calicoctl = ReadCalicoctl(calicoctlSection, folder, nodes);
        if (calicoctlSection is null && !skip.Contains(SkipStep.Calicoctl))
            top.Problem("calicoctl", "is required (Calico 2.6 needs calicoctl v1.6); to leave calicoctl as it is, say skip: [calicoctl]");
        var felix = top.Section("felix");
        var felixEndpoints = felix?.String("etcdEndpoints");
        if (felixEndpoints is not null)
            CheckEndpoints(felix!, "etcdEndpoints", felixEndpoints.Split(',', StringSplitOptions.TrimEntries));
        felix?.RejectUnknown();
        var etcdSection = top.Section("etcd");
        var etcd = ReadEtcd(etcdSection, nodes);
        if (etcdSection is null && !(skip.Contains(SkipStep.ReadyFlag) && skip.Contains(SkipStep.EtcdCleanup)))
            top.Problem("etcd", $"is required (the Ready flag is read on the v2 cluster and the migrated data deleted on the v3 one): {EtcdShape}; to go without, say skip: [readyFlag, etcdCleanup]");
        var fanOut = ReadFanOut(top.Section("fanOut"));
        var verify = ReadVerify(top.Section("verify"));
        var gates = ReadGates(top.Section("gates"));

        if (nodes.Count == 0)
            top.Problem("nodes", "at least one node is required");
        foreach (var duplicate in nodes.GroupBy(n => n.Name).Where(g => g.Count() > 1))
            top.Problem("nodes", $"the name '{duplicate.Key}' is used by {duplicate.Count()} nodes");
        foreach (var duplicate in nodes.GroupBy(n => (n.Host, n.Ssh.Port)).Where(g => g.Count() > 1))
            top.Problem("nodes", $"{string.Join(" and ", duplicate.Select(n => n.Name))} have the same address {duplicate.Key.Host}:{duplicate.Key.Port}");

        return problems.Count > 0
            ? null
            : new ClusterInventory
            {
                SourcePath = sourcePath,
                Os = os,
                From = from,
                To = to,
                Calicoctl = calicoctl,
                FelixEtcdEndpoints = felixEndpoints,
                Etcd = etcd,
                FanOut = fanOut,
                Verify = verify,
                Gates = gates,
                Skip = skip,
                Nodes = nodes,
                Warnings = [.. warnings.Distinct(StringComparer.Ordinal)],
            };
    }

    private static SshSettings Defaults() => new(
        "root", 22, System.IO.Path.Combine(Home(), ".ssh", "id_ed25519"), System.IO.Path.Combine(Home(), ".ssh", "known_hosts"),
        Sudo: true, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    /// <summary>What one <c>ssh</c> section sets explicitly; what it leaves out comes from elsewhere.</summary>
    private static SshValues ReadSsh(YamlSection? section, string folder)
    {
        if (section is null)
            return SshValues.None;
        var user = section.String("user");
        if (user is not null && !UserName().IsMatch(user))
            section.Problem("user", $"'{user}' is not a user name");
        var values = new SshValues(
            user,
            section.Int("port", 1, 65535),
            LocalPath(section, "privateKeyFile", folder),
            LocalPath(section, "knownHostsFile", folder),
            section.Bool("sudo"),
            section.Duration("connectTimeout"),
            section.Duration("commandTimeout"),
            section.String("proxyJump"));
        if (values.ProxyJump is not null)
            _ = ProxyJumpHops(section, "proxyJump", values.ProxyJump); // reported here, with the line; resolved per node
        return values;
    }

    /// <summary>The OpenSSH client configuration named by the top-level <c>ssh.configFile</c>, if any.</summary>
    private static OpenSshConfig? ReadSshConfig(YamlSection? section, string folder, List<string> problems)
    {
        var path = section is null ? null : LocalPath(section, "configFile", folder);
        section?.RejectUnknown();
        if (path is null)
            return null;
        if (!File.Exists(path))
        {
            section!.Problem("configFile", $"the file {path} does not exist");
            return null;
        }

        try
        {
            return OpenSshConfig.Load(path);
        }
        catch (InventoryException ex)
        {
            problems.AddRange(ex.Problems);
            return null;
        }
    }

    private static List<NodeSpec> ReadNodes(YamlSection top, SshValues ssh, OpenSshConfig? config, NeutronSettings neutron, string folder, List<string> problems, List<string> warnings)
    {
        var nodes = new List<NodeSpec>();
        foreach (var item in top.Sections("nodes"))
        {
            var name = item.String("name", required: true);
            var host = item.String("host", required: true);
            var roles = ReadRoles(item);
            if (name is not null && !NodeName().IsMatch(name))
                item.Problem("name", $"'{name}' is not a node name (letters, digits, '.', '_' and '-')");
            if (host is not null && !HostName().IsMatch(host))
                item.Problem("host", $"'{host}' is not a host name or address");
            var port = item.Int("port", 1, 65535);
            var nodeSection = item.Section("ssh");
            var own = ReadSsh(nodeSection, folder);
            if (nodeSection?.String("configFile") is not null)
                nodeSection.Problem("configFile", "is set once, in the top-level ssh section");
            nodeSection?.RejectUnknown();
            var ownNeutron = ReadNeutron(item.Section("neutron"), neutron);
            item.RejectUnknown();
            if (name is null || host is null || roles is null)
                continue;
            var explicitly = (own with { Port = port ?? own.Port }).Over(ssh);
            if (Resolve(item, host, explicitly, config, problems, warnings) is var (address, settings) && settings is not null)
                nodes.Add(new NodeSpec(name, address, roles, settings) { Neutron = ownNeutron });
        }

        return nodes;
    }

    /// <summary>
    /// A node's effective settings: what the inventory sets explicitly, then what the OpenSSH configuration says for
    /// its host, then saga's defaults. The configuration's HostName replaces the address connected to (and looked up
    /// in known_hosts), as with ssh.
    /// </summary>
    private static (string Host, SshSettings? Settings) Resolve(YamlSection item, string host, SshValues explicitly, OpenSshConfig? config, List<string> problems, List<string> warnings)
    {
        var file = config?.For(host);
        if (file is not null)
        {
            problems.AddRange(file.Problems.Select(p => $"{p} (applies to {item.Path}, host {host})"));
            warnings.AddRange(file.Warnings);
        }

        var defaults = Defaults();
        var address = file?.HostName ?? host;
        if (file?.HostName is not null && !HostName().IsMatch(address))
            problems.Add($"{file!.Where(config!.Path, "HostName")}: HostName '{address}' for {host} is not a host name or address");
        var user = explicitly.User ?? file?.User ?? defaults.User;
        if (explicitly.User is null && !UserName().IsMatch(user))
            problems.Add($"{file?.Where(config!.Path, "User")}: User '{user}' for {host} is not a user name");
        var port = explicitly.Port ?? file?.Port ?? defaults.Port;
        var key = explicitly.PrivateKeyFile ?? FromFile(config, file, file?.IdentityFile, address, port, user, "IdentityFile", problems) ?? defaults.PrivateKeyFile;
        var knownHosts = explicitly.KnownHostsFile ?? FromFile(config, file, file?.KnownHostsFile, address, port, user, "UserKnownHostsFile", problems) ?? defaults.KnownHostsFile;
        var settings = new SshSettings(user, port, key, knownHosts, explicitly.Sudo ?? defaults.Sudo,
            explicitly.ConnectTimeout ?? defaults.ConnectTimeout, explicitly.CommandTimeout ?? defaults.CommandTimeout);

        var jump = explicitly.ProxyJump ?? file?.ProxyJump;
        if (jump is null)
            return (address, settings);
        var where = explicitly.ProxyJump is not null ? null : file!.Where(config!.Path, "ProxyJump");
        var hops = new List<SshHop>();
        foreach (var (hopUser, hopHost, hopPort) in ProxyJumpHops(null, "proxyJump", jump, problems, where))
        {
            var hopFile = config?.For(hopHost);
            if (hopFile is not null)
            {
                problems.AddRange(hopFile.Problems.Select(p => $"{p} (applies to jump host {hopHost})"));
                warnings.AddRange(hopFile.Warnings);
                if (hopFile.ProxyJump is not null && !hopFile.ProxyJump.Equals("none", StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{config!.Path}: the jump host {hopHost} has a ProxyJump of its own; list every hop in the node's ProxyJump instead");
            }

            var hopAddress = hopFile?.HostName ?? hopHost;
            var login = hopUser ?? hopFile?.User ?? user;
            var hopPortNumber = hopPort ?? hopFile?.Port ?? 22;
            hops.Add(new SshHop(hopAddress, hopPortNumber, login,
                FromFile(config, hopFile, hopFile?.IdentityFile, hopAddress, hopPortNumber, login, "IdentityFile", problems) ?? key,
                FromFile(config, hopFile, hopFile?.KnownHostsFile, hopAddress, hopPortNumber, login, "UserKnownHostsFile", problems) ?? knownHosts));
        }

        return (address, settings with { ProxyJump = hops });
    }

    /// <summary>A path from the OpenSSH configuration, its tokens expanded (relative paths are taken from the home folder, as ssh does).</summary>
    private static string? FromFile(OpenSshConfig? config, SshConfigHost? file, string? value, string host, int port, string user, string keyword, List<string> problems)
    {
        if (value is null || config is null || file is null)
            return null;
        var alias = file.Alias;
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase) && keyword == "UserKnownHostsFile")
        {
            problems.Add($"{file.Where(config.Path, keyword)}: UserKnownHostsFile none for {alias}: saga needs a known_hosts file to check the host key");
            return null;
        }

        var expanded = OpenSshConfig.Expand(value, alias, host, port, user);
        if (expanded is null)
        {
            problems.Add($"{file.Where(config.Path, keyword)}: {keyword} '{value}' for {alias} uses a token saga does not expand (it knows ~ %d %h %n %p %r %u %%)");
            return null;
        }

        return System.IO.Path.GetFullPath(System.IO.Path.Combine(Home(), expanded));
    }

    /// <summary>ProxyJump's hops: <c>none</c>, or <c>[user@]host[:port]</c> separated by commas.</summary>
    private static List<(string? User, string Host, int? Port)> ProxyJumpHops(YamlSection? section, string key, string value, List<string>? problems = null, string? file = null)
    {
        var hops = new List<(string?, string, int?)>();
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
            return hops;
        void Problem(string message)
        {
            if (section is not null)
                section.Problem(key, message);
            else if (file is not null)
                problems?.Add($"{file}: ProxyJump: {message}");
        }

        foreach (var hop in value.Split(','))
        {
            var match = JumpHop().Match(hop.Trim());
            if (!match.Success || !HostName().IsMatch(match.Groups["host"].Value))
            {
                Problem($"'{hop.Trim()}' is not [user@]host[:port] (ssh:// addresses are not supported)");
                continue;
            }

            var user = match.Groups["user"].Success ? match.Groups["user"].Value : null;
            if (user is not null && !UserName().IsMatch(user))
                Problem($"'{user}' in '{hop.Trim()}' is not a user name");
            int? port = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            if (port is < 1 or > 65535)
                Problem($"port {port} in '{hop.Trim()}' is not from 1 to 65535");
            hops.Add((user, match.Groups["host"].Value.Trim('[', ']'), port));
        }

        if (hops.Count == 0 && !value.Equals("none", StringComparison.OrdinalIgnoreCase))
            Problem("names no jump host");
        return hops;
    }

    /// <summary>SSH settings as a section gives them; null where it leaves them to the level below.</summary>
    private sealed record SshValues(string? User, int? Port, string? PrivateKeyFile, string? KnownHostsFile, bool? Sudo, TimeSpan? ConnectTimeout, TimeSpan? CommandTimeout, string? ProxyJump)
    {
        public static SshValues None { get; } = new(null, null, null, null, null, null, null, null);

        /// <summary>These values where set, <paramref name="below"/>'s elsewhere.</summary>
        public SshValues Over(SshValues below) => new(
            User ?? below.User, Port ?? below.Port, PrivateKeyFile ?? below.PrivateKeyFile, KnownHostsFile ?? below.KnownHostsFile,
            Sudo ?? below.Sudo, ConnectTimeout ?? below.ConnectTimeout, CommandTimeout ?? below.CommandTimeout, ProxyJump ?? below.ProxyJump);
    }

    /// <summary><c>role: control</c>, <c>role: compute</c> or <c>role: [control, compute]</c>.</summary>
    private static List<NodeRole>? ReadRoles(YamlSection item)
    {
        var names = item.Strings("role");
        if (names is null || names.Count == 0)
        {
            item.Problem("role", "is required (control, compute, or [control, compute])");
            return null;
        }

        var roles = new List<NodeRole>();
        foreach (var name in names)
        {
            if (Enum.TryParse<NodeRole>(name, ignoreCase: true, out var role) && Enum.IsDefined(role) && !name.Any(char.IsDigit))
                roles.Add(role);
            else
                item.Problem("role", $"'{name}' is not one of control, compute");
        }

        if (roles.Distinct().Count() != roles.Count)
            item.Problem("role", "names a role twice");
        return roles.Count == names.Count ? roles.Distinct().Order().ToList() : null;
    }

    /// <summary><c>skip: [etcdCleanup, readyFlag, calicoctl]</c>.</summary>
    private static List<SkipStep> ReadSkip(YamlSection top)
    {
        var skip = new List<SkipStep>();
        foreach (var name in top.Strings("skip") ?? [])
        {
            if (Enum.TryParse<SkipStep>(name, ignoreCase: true, out var step) && Enum.IsDefined(step) && !name.Any(char.IsDigit))
                skip.Add(step);
            else
                top.Problem("skip", $"'{name}' is not a step that can be skipped (etcdCleanup, readyFlag, calicoctl)");
        }

        return skip.Distinct().ToList();
    }

    /// <summary>The cluster-wide <c>neutron:</c> section, or a node's own, which replaces it.</summary>
    private static NeutronSettings ReadNeutron(YamlSection? section, NeutronSettings inherited)
    {
        if (section is null)
            return inherited;
        var port = section.Int("etcdPort", 1, 65535);
        var accept = section.Bool("acceptDefaultPort") ?? false;
        if (port is not null && accept)
            section.Problem("acceptDefaultPort", "choose one: etcdPort writes the port into neutron.conf, acceptDefaultPort: true keeps 1.4.3's default of 4001");
        section.RejectUnknown();
        return new NeutronSettings(port, accept && port is null);
    }

    private static GateSettings ReadGates(YamlSection? section)
    {
        if (section is null)
            return GateSettings.Default;
        var gates = new GateSettings(section.Bool("afterCanary") ?? GateSettings.Default.AfterCanary, section.Bool("beforeEtcdDelete") ?? GateSettings.Default.BeforeEtcdDelete);
        section.RejectUnknown();
        return gates;
    }

    private static CalicoctlSettings? ReadCalicoctl(YamlSection? section, string folder, List<NodeSpec> nodes)
    {
        if (section is null)
            return null;
        var source = section.String("source", required: true);
        if (source is not null && !source.StartsWith("https://", StringComparison.Ordinal) && !source.StartsWith("http://", StringComparison.Ordinal))
        {
            source = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, source));
            if (!File.Exists(source))
                section.Problem("source", $"the file {source} does not exist");
        }

        var sha256 = section.String("sha256", required: true);
        if (sha256 is not null && !Sha256().IsMatch(sha256))
            section.Problem("sha256", "expected 64 hexadecimal digits");
        var installPath = NodePath(section, "installPath") ?? "/usr/local/bin/calicoctl";
        var backup = NodePath(section, "configBackup");
        var names = section.Strings("nodes") ?? ["control"];
        var carriers = names switch
        {
            ["all"] => nodes.Select(n => n.Name).ToList(),
            ["control"] => nodes.Where(n => n.Is(NodeRole.Control)).Select(n => n.Name).ToList(),
            ["compute"] => nodes.Where(n => n.Is(NodeRole.Compute)).Select(n => n.Name).ToList(),
            _ => names.ToList(),
        };
        foreach (var unknown in carriers.Where(c => nodes.All(n => n.Name != c)))
            section.Problem("nodes", $"'{unknown}' is not a node of this inventory (or all, control, compute)");
        section.RejectUnknown();
        return source is null || sha256 is null ? null : new CalicoctlSettings(source, sha256.ToLowerInvariant(), installPath, carriers, backup);
    }

    private static EtcdSettings? ReadEtcd(YamlSection? section, List<NodeSpec> nodes)
    {
        if (section is null)
            return null;
        foreach (var old in LegacyEtcdKeys.Where(section.Has))
        {
            section.Problem(old, old == "endpoints"
                ? $"the etcd section names both clusters now: {EtcdShape} (the same endpoints twice when one cluster serves both)"
                : $"belongs under etcd.v2 or etcd.v3 now: {EtcdShape}");
        }

        var runOn = section.String("runOn") ?? nodes.FirstOrDefault(n => n.Is(NodeRole.Control))?.Name;
        if (runOn is null)
            section.Problem("runOn", "name the node that runs etcdctl (there is no control node to default to)");
        else if (nodes.All(n => n.Name != runOn))
            section.Problem("runOn", $"'{runOn}' is not a node of this inventory");
        var v2 = ReadEtcdCluster(section, "v2", "SAGA_ETCD_V2_PASSWORD");
        var v3 = ReadEtcdCluster(section, "v3", "SAGA_ETCD_V3_PASSWORD");
        section.RejectUnknown();
        return v2 is null || v3 is null ? null : new EtcdSettings(runOn ?? "", v2, v3);
    }

    private static EtcdCluster? ReadEtcdCluster(YamlSection etcd, string key, string passwordVariable)
    {
        if (etcd.Section(key) is not { } section)
        {
            etcd.Problem(key, $"is required: {EtcdShape} (the same endpoints twice when one cluster serves both)");
            return null;
        }

        var endpoints = section.Strings("endpoints") ?? [];
        if (endpoints.Count == 0)
            section.Problem("endpoints", "at least one etcd endpoint is required");
        CheckEndpoints(section, "endpoints", endpoints);
        var user = section.String("user");
        if (user is not null && !UserName().IsMatch(user))
            section.Problem("user", $"'{user}' is not a user name (the password comes from {passwordVariable})");
        var cluster = new EtcdCluster(endpoints, NodePath(section, "caCertFile"), NodePath(section, "certFile"), NodePath(section, "keyFile"), user);
        section.RejectUnknown();
        return cluster;
    }

    private static FanOutSettings ReadFanOut(YamlSection? section)
    {
        var settings = new FanOutSettings(section?.Int("parallel", 1, 1000) ?? 10, section?.Int("canary", 0, 1000) ?? 1, section?.Int("maxFailures", 0, 100_000) ?? 0)
        {
            ProbeParallel = section?.Int("probeParallel", 1, 1000) ?? FanOutSettings.DefaultProbeParallel,
            OnNodeFailure = section?.Enum<NodeFailureAction>("onNodeFailure") ?? NodeFailureAction.Stop,
        };
        section?.RejectUnknown();
        return settings;
    }

    private static VerifySettings ReadVerify(YamlSection? section)
    {
        var settle = section?.Duration("settle");
        if (settle > VerifySettings.MaxSettle)
            section!.Problem("settle", $"'{settle}' is longer than {VerifySettings.MaxSettle}");
        section?.RejectUnknown();
        return settle is { } s ? new VerifySettings(s) : VerifySettings.Default;
    }

    private static void CheckEndpoints(YamlSection section, string key, IEnumerable<string> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !Endpoint().IsMatch(endpoint))
                section.Problem(key, $"'{endpoint}' is not an http(s)://host:port endpoint");
        }
    }

    /// <summary>A file on the operator's machine, relative to the inventory's folder.</summary>
    private static string? LocalPath(YamlSection section, string key, string folder)
    {
        var value = section.String(key);
        if (value is null)
            return null;
        if (value.StartsWith("~/", StringComparison.Ordinal))
            value = System.IO.Path.Combine(Home(), value[2..]);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, value));
    }

    /// <summary>A path on the nodes: absolute, and made of characters a path is made of.</summary>
    private static string? NodePath(YamlSection section, string key)
    {
        var value = section.String(key);
        if (value is not null && !NodeFilePath().IsMatch(value))
            section.Problem(key, $"'{value}' is not an absolute path of letters, digits and ./_+@-");
        return value;
    }

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.:-]*)$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[a-z_][a-z0-9_.-]{0,31}$")]
    private static partial Regex UserName();

    [GeneratedRegex(@"^(?:(?<user>[^@\s]+)@)?(?<host>\[[0-9A-Fa-f:.]+\]|[^:\s\[\]]+)(?::(?<port>\d{1,5}))?$")]
    private static partial Regex JumpHop();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^/[A-Za-z0-9._/+@-]*$")]
    private static partial Regex NodeFilePath();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.\[\]:-]+(:\d+)?/?$")]
    private static partial Regex Endpoint();
}
