using Saga.Activities.Nodes.Ssh;

namespace Saga.Activities.Tests.Nodes;

public sealed class OpenSshPatternTests
{
    [Theory]
    [InlineData("ctl-1", "ctl-1", true)]
    [InlineData("CTL-1", "ctl-1", true)]
    [InlineData("ctl-?", "ctl-1", true)]
    [InlineData("ctl-?", "ctl-12", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything.example.org", true)]
    [InlineData("*.example.org", "c1.example.org", true)]
    [InlineData("*.example.org", "example.org", false)]
    [InlineData("10.0.*.1?", "10.0.3.12", true)]
    [InlineData("10.0.*.1?", "10.0.3.2", false)]
    [InlineData("c*1*", "c10", true)]
    [InlineData("c*1*x", "c10", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("**", "x", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Matches_StarsQuestionMarksAndCase_AsOpenSshMatchPattern(string pattern, string name, bool expected) =>
        Assert.Equal(expected, OpenSshPattern.Matches(pattern, name));

    [Fact]
    public void Matches_ManyStarsAgainstALongName_AnswersAtOnceWithoutATimeLimitToFail()
    {
        // Backtracking regular expressions take time that grows with the power of the number of stars here.
        var pattern = string.Concat(Enumerable.Repeat("*a", 12)) + "*b";

        Assert.False(OpenSshPattern.Matches(pattern, new string('a', 20_000)));
        Assert.True(OpenSshPattern.Matches(pattern, new string('a', 20_000) + "b"));
    }
}
