using Saga.Activities.Calico;
using Saga.Activities.Inventory;

namespace Saga.Activities.Tests.Calico;

public sealed class EtcdctlTests
{
    private static readonly EtcdSettings Tls = new(
        "ctl",
        new EtcdCluster(["https://10.0.0.5:2379", "https://10.0.0.7:2379"], "/etc/calico/ca.pem", "/etc/calico/cert.pem", "/etc/calico/key.pem", null),
        new EtcdCluster(["https://10.0.0.6:2379"], "/etc/calico/ca.pem", "/etc/calico/cert.pem", "/etc/calico/key.pem", null));

    [Fact]
    public void V2_UsesTheV2ClusterAndTheV2FlagNames()
    {
        var command = Etcdctl.V2(Tls).Command("get", "/calico/v1/Ready");

        Assert.Equal("sudo -n ETCDCTL_API=2 etcdctl --endpoints https://10.0.0.5:2379,https://10.0.0.7:2379 --ca-file /etc/calico/ca.pem --cert-file /etc/calico/cert.pem --key-file /etc/calico/key.pem get /calico/v1/Ready",
            command.Render(sudo: true));
        Assert.Null(command.Input);
    }

    [Fact]
    public void V3_UsesTheV3ClusterAndTheV3FlagNames()
    {
        var command = Etcdctl.V3(Tls).Command("del", "/calico/", "--prefix");

        Assert.Equal("sudo -n ETCDCTL_API=3 etcdctl --endpoints https://10.0.0.6:2379 --cacert /etc/calico/ca.pem --cert /etc/calico/cert.pem --key /etc/calico/key.pem del /calico/ --prefix",
            command.Render(sudo: true));
    }

    [Fact]
    public void User_PasswordGoesOnStandardInputAndTheCommandLineHoldsOnlyTheUser()
    {
        var settings = Tls with { V3 = Tls.V3 with { User = "calico" } };
        Environment.SetEnvironmentVariable(Etcdctl.V3PasswordVariable, "pa ss'word;$(x)");
        try
        {
            var command = Etcdctl.V3(settings).Command("get", "/calico/", "--prefix", "--keys-only");

            Assert.Equal("pa ss'word;$(x)\n", command.Input);
            Assert.DoesNotContain("pa ss", command.Render(sudo: true), StringComparison.Ordinal);
            Assert.Contains("ETCDCTL_USER calico ''", command.Render(sudo: true), StringComparison.Ordinal);
            Assert.Equal("ETCDCTL_API=3 etcdctl --endpoints https://10.0.0.6:2379 --cacert /etc/calico/ca.pem --cert /etc/calico/cert.pem --key /etc/calico/key.pem --user calico:*** get /calico/ --prefix --keys-only   # password on standard input",
                command.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Etcdctl.V3PasswordVariable, null);
        }
    }

    [Fact]
    public void User_WithoutItsPasswordVariable_IsRefusedNamingTheVariable()
    {
        var settings = Tls with { V2 = Tls.V2 with { User = "calico" } };

        var error = Assert.Throws<InvalidOperationException>(() => Etcdctl.V2(settings));

        Assert.Contains("SAGA_ETCD_V2_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandTo_WritesStandardOutputToAFileOnlyWhenComplete()
    {
        var command = Etcdctl.V3(Tls).CommandTo("/var/backups/saga/x/dump.json", "get", "--prefix", "/calico/", "-w", "json");

        Assert.EndsWith("get --prefix /calico/ -w json > /var/backups/saga/x/dump.json", command.ToString(), StringComparison.Ordinal);
        Assert.Contains("umask 077", command.Render(sudo: true), StringComparison.Ordinal);
        Assert.Contains("mv -f \"$out.part\" \"$out\"", command.Render(sudo: true), StringComparison.Ordinal);
    }
}
