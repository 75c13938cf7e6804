using System.Text;
using Saga.Activities.Calico;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Calico;

public sealed class FelixConfigTests
{
    [Fact]
    public void WithoutEtcdv3Datastore_AfterUpgradeFixture_RemovesOnlyThatLine()
    {
        var after = Bytes(Fixture.Text("felix.cfg_after-3.1-upgrade"));

        var result = FelixConfig.WithoutEtcdv3Datastore(after);

        Assert.Equal(Fixture.Text("felix.cfg_2.6-install-guide"), Encoding.UTF8.GetString(result));
    }

    [Theory]
    [InlineData("DatastoreType = etcdv3")]
    [InlineData("datastoretype=etcdv3")]
    [InlineData("  DATASTORETYPE   =   etcdv3   ")]
    [InlineData("DatastoreType: etcdv3")]
    [InlineData("DatastoreType = \"etcdv3\"")]
    public void WithoutEtcdv3Datastore_AnyCaseSpacingOrSection_IsRemovedAndEveryOtherByteKept(string line)
    {
        var text = $"# felix\r\n[global]\r\nEtcdEndpoints = http://10.0.0.5:2379\r\n{line}\r\n[other]\n{line}\nLogSeverityScreen = Info";

        var result = Encoding.UTF8.GetString(FelixConfig.WithoutEtcdv3Datastore(Bytes(text)));

        Assert.Equal("# felix\r\n[global]\r\nEtcdEndpoints = http://10.0.0.5:2379\r\n[other]\nLogSeverityScreen = Info", result);
        Assert.False(FelixConfig.HasEtcdv3Datastore(Bytes(result)));
    }

    [Theory]
    [InlineData("DatastoreType = etcdv2")]
    [InlineData("#DatastoreType = etcdv3")]
    [InlineData("DatastoreTypeX = etcdv3")]
    public void HasEtcdv3Datastore_OtherLines_AreLeftAlone(string line)
    {
        var content = Bytes($"[global]\n{line}\n");

        Assert.False(FelixConfig.HasEtcdv3Datastore(content));
        Assert.Equal(content, FelixConfig.WithoutEtcdv3Datastore(content));
    }

    [Fact]
    public void WithEtcdEndpoints_ExistingLines_AreAllChangedAndTheLastWins()
    {
        var content = Bytes("[global]\nEtcdEndpoints = http://old:2379\n[x]\netcdendpoints=http://older:2379\n");

        var result = FelixConfig.WithEtcdEndpoints(content, "http://10.0.0.9:2379");

        Assert.Equal("[global]\nEtcdEndpoints = http://10.0.0.9:2379\n[x]\netcdendpoints=http://10.0.0.9:2379\n", Encoding.UTF8.GetString(result));
        Assert.Equal("http://10.0.0.9:2379", FelixConfig.EtcdEndpoints(result));
    }

    [Fact]
    public void WithEtcdEndpoints_NoLine_IsAddedAfterGlobal()
    {
        var result = FelixConfig.WithEtcdEndpoints(Bytes("# c\n[global]\nFelixHostname = cmp-1"), "http://10.0.0.9:2379");

        Assert.Equal("# c\n[global]\nEtcdEndpoints = http://10.0.0.9:2379\nFelixHostname = cmp-1", Encoding.UTF8.GetString(result));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
