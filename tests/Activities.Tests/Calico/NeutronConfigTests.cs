using System.Text;
using Saga.Activities.Calico;

namespace Saga.Activities.Tests.Calico;

public sealed class NeutronConfigTests
{
    [Fact]
    public void Endpoint_PortUnset_IsNetworkingCalico143sDefault4001()
    {
        var conf = Bytes("[calico]\netcd_host = 10.0.0.5\n");

        Assert.Equal(("10.0.0.5", (int?)4001), NeutronConfig.Endpoint(conf));
        Assert.Equal(("10.0.0.5", (int?)2379), NeutronConfig.Endpoint(conf, portWhenUnset: 2379));
        Assert.Null(NeutronConfig.EtcdPort(conf));
    }

    [Fact]
    public void CalicoSettings_ReadsOnlyTheCalicoSectionAsOsloDoes()
    {
        var conf = Bytes("[DEFAULT]\netcd_port = 1\n[calico]\n# etcd_port = 2\netcd_port: 2379\n  continued\netcd_host=h\n[other]\netcd_port = 3\n");

        Assert.Equal([new("etcd_port", "2379"), new KeyValuePair<string, string>("etcd_host", "h")], NeutronConfig.CalicoSettings(conf));
    }

    [Theory]
    [InlineData("[DEFAULT]\ncore_plugin = calico\n\n[calico]\netcd_host = 10.0.0.5\n\n[x]\ny = 1\n", "[DEFAULT]\ncore_plugin = calico\n\n[calico]\netcd_host = 10.0.0.5\netcd_port = 2379\n\n[x]\ny = 1\n")]
    [InlineData("[calico]\r\netcd_host = h\r\nother = 1\r\n", "[calico]\r\netcd_host = h\r\netcd_port = 2379\r\nother = 1\r\n")]
    [InlineData("[calico]\n", "[calico]\netcd_port = 2379\n")]
    [InlineData("[calico]\netcd_host = h", "[calico]\netcd_host = h\netcd_port = 2379")]
    [InlineData("[DEFAULT]\nx = 1\n", "[DEFAULT]\nx = 1\n\n[calico]\netcd_port = 2379\n")]
    [InlineData("[DEFAULT]\nx = 1", "[DEFAULT]\nx = 1\n\n[calico]\netcd_port = 2379\n")]
    public void WithEtcdPort_AddsTheLineAndKeepsEveryOtherByte(string before, string after) =>
        Assert.Equal(after, Encoding.UTF8.GetString(NeutronConfig.WithEtcdPort(Bytes(before), 2379)));

    [Theory]
    [InlineData("etcd_password", true)]
    [InlineData("admin_password", true)]
    [InlineData("etcd_key_file", false)]
    [InlineData("etcd_host", false)]
    public void IsSecret_PasswordLikeKeys(string key, bool secret) => Assert.Equal(secret, NeutronConfig.IsSecret(key));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
