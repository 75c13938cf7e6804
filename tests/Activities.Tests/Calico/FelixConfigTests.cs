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
    [InlineData("DatastoreType = etcdv3 # set by the 3.1 upgrade")]
    [InlineData("DatastoreType = etcdv3; set by the 3.1 upgrade")]
    [InlineData("DatastoreType=etcdv3#no space")]
    [InlineData("DatastoreType = 'etcdv3'   ; quoted, then a comment")]
    [InlineData("DatastoreType = `etcdv3` trailing text after a backtick quote is ignored")]
    [InlineData("\"DatastoreType\" = etcdv3")]
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
    [InlineData("DatastoreType = etcdv2 # was etcdv3")]
    [InlineData("DatastoreType = etcd#v3")]
    [InlineData("; DatastoreType = etcdv3")]
    [InlineData("[DatastoreType = etcdv3]")]
    public void HasEtcdv3Datastore_OtherLines_AreLeftAlone(string line)
    {
        var content = Bytes($"[global]\n{line}\n");

        Assert.False(FelixConfig.HasEtcdv3Datastore(content));
        Assert.Equal(content, FelixConfig.WithoutEtcdv3Datastore(content));
    }

    [Fact]
    public void WithoutEtcdv3Datastore_ContinuedValue_RemovesEveryLineOfTheEntry()
    {
        var content = Bytes("[global]\nDatastoreType = etcd\\\n  v3\nFelixHostname = cmp-1\n");

        Assert.True(FelixConfig.HasEtcdv3Datastore(content));
        Assert.Equal("[global]\nFelixHostname = cmp-1\n", Encoding.UTF8.GetString(FelixConfig.WithoutEtcdv3Datastore(content)));
    }

    [Fact]
    public void WithoutEtcdv3Datastore_OtherLinesNotUtf8AndABom_AreKeptByteForByte()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        byte[] latin1 = [.. "# caf"u8, 0xE9, .. "\r\n"u8];
        byte[] content = [.. bom, .. "DatastoreType = etcdv3 # upgrade\r\n"u8, .. latin1, .. "[global]\n\tLogSeverityScreen = Info"u8];

        var result = FelixConfig.WithoutEtcdv3Datastore(content);

        Assert.Equal([.. bom, .. latin1, .. "[global]\n\tLogSeverityScreen = Info"u8], result);
    }

    [Fact]
    public void EtcdEndpoints_ValueWithATrailingComment_IsTheValueFelixReads()
    {
        Assert.Equal("http://10.0.0.5:2379", FelixConfig.EtcdEndpoints(Bytes("EtcdEndpoints = http://10.0.0.5:2379   # old cluster\n")));
    }

    [Fact]
    public void WithEtcdEndpoints_LineWithAComment_KeepsTheComment()
    {
        var result = FelixConfig.WithEtcdEndpoints(Bytes("[global]\nEtcdEndpoints=http://old:2379 ; v3 cluster\n"), "http://10.0.0.9:2379");

        Assert.Equal("[global]\nEtcdEndpoints=http://10.0.0.9:2379 ; v3 cluster\n", Encoding.UTF8.GetString(result));
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
