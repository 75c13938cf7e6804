using Saga.Activities.Text;

namespace Saga.Activities.Tests.Text;

public sealed class ClosestNameTests
{
    [Theory]
    [InlineData("hots", "host")]
    [InlineData("--paralel", "--parallel")]
    [InlineData("stauts", "status")]
    [InlineData("privatekeyfile", "privateKeyFile")]
    public void To_Misspelling_IsTheIntendedName(string given, string expected) =>
        Assert.Equal(expected, ClosestName.To(given, ["host", "port", "--parallel", "--canary", "status", "start", "privateKeyFile"]));

    [Fact]
    public void To_NothingNear_IsNull() => Assert.Null(ClosestName.To("frobnicate", ["host", "port", "status"]));

    [Fact]
    public void To_ShortWord_NeedsMoreThanOneEditToBeRefused() => Assert.Null(ClosestName.To("xy", ["host"]));
}
