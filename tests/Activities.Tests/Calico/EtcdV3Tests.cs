using System.Text;
using Saga.Activities.Calico;

namespace Saga.Activities.Tests.Calico;

public sealed class EtcdV3Tests
{
    [Fact]
    public void ParseJson_RangeResponse_GivesRevisionAndDecodedKeys()
    {
        // etcdctl 3.4 get --prefix /calico/ -w json (the lab's real etcdctl), cluster ids beyond Int64 included
        const string json = """{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":5,"raft_term":2},"kvs":[{"key":"L2NhbGljby9hL2I=","create_revision":2,"mod_revision":4,"version":2,"value":"bGFi"}],"count":1}""";

        var range = EtcdV3.ParseJson(Encoding.UTF8.GetBytes(json));

        Assert.Equal((5L, 1L), (range.Revision, range.Count));
        Assert.Equal([new EtcdV3.Kv("/calico/a/b", 4)], range.Kvs);
    }

    [Fact]
    public void ParseJson_EmptyRange_HasNeitherKvsNorCount()
    {
        var range = EtcdV3.ParseJson("""{"header":{"cluster_id":1,"member_id":2,"revision":9,"raft_term":2}}"""u8.ToArray());

        Assert.Equal((9L, 0L, 0), (range.Revision, range.Count, range.Kvs.Count));
    }

    [Fact]
    public void ParseJson_NotJson_IsAFormatException() =>
        Assert.Throws<FormatException>(() => EtcdV3.ParseJson("Error: context deadline exceeded"u8.ToArray()));

    [Fact]
    public void Keys_KeysOnlyListing_SkipsTheEmptyValueLines() =>
        Assert.Equal(["/calico/a", "/calico/b"], EtcdV3.Keys("/calico/a\n\n/calico/b\n\n"));
}
