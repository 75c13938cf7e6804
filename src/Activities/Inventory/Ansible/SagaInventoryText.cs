using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// Writes the imported nodes as saga's inventory (examples/cluster.yaml's shape): SSH settings every node shares go
/// under <c>ssh:</c>, the others under each node; the Calico sections are a commented template to fill in.
/// </summary>
internal static partial class SagaInventoryText
{
    private const string Template = """

        # --- Calico: fill these in (the import cannot know them), then check with 'saga plan -i THIS_FILE' ---
        # calicoctl:                  # Calico 2.6 ships calicoctl v1.6.x
        #   source: https://github.com/projectcalico/calicoctl/releases/download/v1.6.3/calicoctl
        #   sha256: 0000000000000000000000000000000000000000000000000000000000000000   # the real checksum
        #   installPath: /usr/local/bin/calicoctl
        #   nodes: control            # control | compute | all | [node, ...]
        #
        # felix:
        #   etcdEndpoints: http://10.0.0.5:2379   # only if the upgrade pointed felix at a new etcd
        #
        # etcd:
        #   runOn: {0}                # the node that runs etcdctl
        #   v2:                       # Calico 2.6's datastore: /calico/v1/Ready is read and set here
        #     endpoints: [http://10.0.0.5:2379]
        #     # caCertFile: /etc/calico/ca.pem
        #     # certFile: /etc/calico/cert.pem
        #     # keyFile: /etc/calico/key.pem
        #     # user: calico          # password from SAGA_ETCD_V2_PASSWORD
        #   v3:                       # the migrated data, deleted at the end (the same endpoints when one cluster serves both)
        #     endpoints: [http://10.0.0.5:2379]
        #     # user: calico          # password from SAGA_ETCD_V3_PASSWORD

        fanOut:
          parallel: 10                # compute nodes at a time
          canary: 1                   # done first, alone
          maxFailures: 0              # failed nodes tolerated before no new node starts
        """;

    private static readonly string[] SharedSettings = ["user", "port", "privateKeyFile", "sudo"];

    public static string Write(string source, string controlGroup, string computeGroup, IReadOnlyList<ImportedNode> nodes)
    {
        var shared = SharedSettings
            .Where(s => nodes.Count > 0 && nodes.All(n => n.Settings.TryGetValue(s, out var v) && v == nodes[0].Settings[s]))
            .ToDictionary(s => s, s => nodes[0].Settings[s], StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append("# saga inventory, imported from the Ansible inventory ").Append(source)
            .Append(" by 'saga inventory import' (control: ").Append(controlGroup).Append(", compute: ").Append(computeGroup).Append(").\n")
            .Append("# Paths on this machine are relative to this file; paths on the nodes are absolute.\n")
            .Append("os: auto                      # centos | ubuntu | auto (read from each node's /etc/os-release)\n")
            .Append("from: \"3.1\"\nto: \"2.6\"\n\n")
            .Append("ssh:                          # defaults for every node; a node may override any of these under its own ssh:\n");
        if (!shared.ContainsKey("user"))
            text.Append("  # user: root                 # no ansible_user shared by every node: saga's default is root\n");
        foreach (var (setting, value) in shared)
            text.Append("  ").Append(setting).Append(": ").Append(Scalar(value)).Append('\n');
        text.Append("  knownHostsFile: ~/.ssh/known_hosts   # as OpenSSH (and so Ansible) checks host keys; a missing or changed key is refused\n");
        text.Append(Template.Replace("{0}", nodes.FirstOrDefault(n => n.Role == "control")?.Name ?? "NODE", StringComparison.Ordinal)).Append("\n\nnodes:\n");
        foreach (var node in nodes)
        {
            text.Append("  - name: ").Append(Scalar(node.Name)).Append('\n')
                .Append("    host: ").Append(Scalar(node.Settings.GetValueOrDefault("host", node.Name))).Append('\n')
                .Append("    role: ").Append(node.Role).Append('\n');
            if (!shared.ContainsKey("port") && node.Settings.TryGetValue("port", out var port))
                text.Append("    port: ").Append(port).Append('\n');
            var own = SharedSettings.Where(s => s != "port" && !shared.ContainsKey(s) && node.Settings.ContainsKey(s)).ToList();
            if (own.Count > 0)
            {
                text.Append("    ssh:\n");
                foreach (var setting in own)
                    text.Append("      ").Append(setting).Append(": ").Append(Scalar(node.Settings[setting])).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A YAML scalar: plain when it is a plain word, else double-quoted with escapes.</summary>
    private static string Scalar(string value) => PlainWord().IsMatch(value) && value is not ("true" or "false" or "yes" or "no" or "null" or "~")
        || value is "true" or "false"
        ? value
        : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[A-Za-z0-9_./@+-][A-Za-z0-9_./@+~:-]*$")]
    private static partial Regex PlainWord();
}
