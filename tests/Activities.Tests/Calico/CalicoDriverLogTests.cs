using Saga.Activities.Calico;

namespace Saga.Activities.Tests.Calico;

public sealed class CalicoDriverLogTests
{
    [Theory]
    [InlineData("2018-06-01 10:00:03.123 24269 ERROR networking_calico.etcdutils [-] Unexpected IO or etcd error, triggering resync with etcd: EtcdConnectionFailed('...').")]
    [InlineData("2018-06-01 10:00:03.123 24269 ERROR networking_calico.plugins.ml2.drivers.calico.t_etcd [-] Request to etcd failed, refreshing our connection.")]
    [InlineData("2018-06-01 10:00:03,123 [140234] (ERROR) etcdutils: Unexpected IO or etcd error, triggering resync with etcd: EtcdConnectionFailed('...').")]
    public void EtcdErrors_NetworkingCalicoEtcdErrorLine_IsFound(string line) =>
        Assert.Equal([line], CalicoDriverLog.EtcdErrors("2018-06-01 10:00:01.001 24269 INFO networking_calico.etcdutils [-] Reconnecting and loading snapshot from etcd...\n" + line + "\n"));

    [Theory]
    [InlineData("2018-06-01 10:00:03.123 24269 INFO networking_calico.etcdutils [-] Loaded snapshot from etcd cluster 10.0.0.5:2379, processing it...")]
    [InlineData("2018-06-01 10:00:03.123 24269 ERROR neutron.plugins.ml2.managers [-] Mechanism driver 'openvswitch' failed in create_port_postcommit")]
    [InlineData("2018-06-01 10:00:03,123 [140234] (WARNING) etcdutils: Connection to etcd failed: EtcdConnectionFailed('...').")]
    public void EtcdErrors_OtherLines_AreNotCalicoEtcdErrors(string line) => Assert.Empty(CalicoDriverLog.EtcdErrors(line + "\n"));
}
