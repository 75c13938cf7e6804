using Saga.Engine.Activities;
using Saga.Engine.Secrets;

namespace Saga.Engine.Tests.Secrets;

public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("etcd_password = s3cr3t with spaces", "etcd_password = ***")]
    [InlineData("  # etcd_password=s3cr3t", "  # etcd_password=***")]
    [InlineData("EtcdPassword: s3cr3t", "EtcdPassword: ***")]
    [InlineData("neutron.conf [calico]: etcd_host = 10.0.0.5; etcd_password = s3cr3t", "neutron.conf [calico]: etcd_host = 10.0.0.5; etcd_password = ***")]
    [InlineData("felix.go 123: Parsing value for EtcdPassword: s3cr3t (from config file)", "felix.go 123: Parsing value for EtcdPassword: *** (from config file)")]
    [InlineData("""{"etcdPassword":"s3cr3t","user":"root"}""", """{"etcdPassword":"***","user":"root"}""")]
    [InlineData("curl --password=s3cr3t http://x", "curl --password=*** http://x")]
    [InlineData("API_TOKEN=s3cr3t and more", "API_TOKEN=***")]
    [InlineData("client_secret: 's3cr3t'", "client_secret: ***")]
    [InlineData("EtcdEndpoints = http://calico:s3cr3t@10.0.0.5:2379", "EtcdEndpoints = http://calico:***@10.0.0.5:2379")]
    public void Apply_SecretLookingValue_IsMaskedAndItsKeyKept(string text, string expected)
    {
        Assert.Equal(expected, SecretMask.Apply(text));
    }

    [Fact]
    public void Apply_PrivateKeyBlock_KeepsOnlyItsMarkers()
    {
        var text = "before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQUJD\n-----END OPENSSH PRIVATE KEY-----\nafter";

        Assert.Equal("before\n-----BEGIN OPENSSH PRIVATE KEY-----\n***\n-----END OPENSSH PRIVATE KEY-----\nafter", SecretMask.Apply(text));
    }

    [Fact]
    public void Apply_PrivateKeyCutShortByAnExcerpt_MasksToTheEnd()
    {
        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----\n***\n", SecretMask.Apply("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n"));
    }

    [Theory]
    [InlineData("etcd_host = 10.0.0.5\netcd_port = 2379")]
    [InlineData("$ sudo -n yum -y downgrade calico-felix-2.6.5-1.el7\n[exit 0]")]
    [InlineData("ETCDCTL_PASSWORD=*** etcdctl get /calico/v1/Ready")]
    [InlineData("")]
    public void Apply_TextWithoutSecrets_IsUnchanged(string text)
    {
        Assert.Equal(text, SecretMask.Apply(text));
    }

    [Fact]
    public void Apply_Result_MasksOutputFaultAndNodeReasons()
    {
        var result = ActivityResult.Fault("c1: 'cat x' failed: password=s3cr3t", "etcd_password = s3cr3t") with
        {
            Nodes = [NodeResult.Failed("c1", "token: s3cr3t")],
        };

        var masked = (FaultResult)SecretMask.Apply(result);

        Assert.DoesNotContain("s3cr3t", masked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", masked.Output!, StringComparison.Ordinal);
        Assert.Equal("token: ***", Assert.Single(masked.Nodes).Reason);
    }
}
