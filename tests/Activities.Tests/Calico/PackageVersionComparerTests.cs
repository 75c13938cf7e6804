using Saga.Activities.Calico;

namespace Saga.Activities.Tests.Calico;

public sealed class PackageVersionComparerTests
{
    [Theory]
    [InlineData("2.6.5~trusty", "3.1.3~trusty")]
    [InlineData("1:1.4.3~trusty", "1:3.1.3~trusty")]
    [InlineData("3.1.3", "1:1.4.3")]
    [InlineData("2.6.5~rc1", "2.6.5")]
    [InlineData("2.6.9-1.el7", "2.6.10-1.el7")]
    [InlineData("0.4.3+calico.1-1", "0.4.3+calico.2-1")]
    public void Compare_OlderBeforeNewer(string older, string newer)
    {
        Assert.True(PackageVersionComparer.Instance.Compare(older, newer) < 0);
        Assert.True(PackageVersionComparer.Instance.Compare(newer, older) > 0);
        Assert.Equal(0, PackageVersionComparer.Instance.Compare(newer, newer));
    }
}
