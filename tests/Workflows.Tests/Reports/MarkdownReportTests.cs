using Saga.Workflows.Reports;

namespace Saga.Workflows.Tests.Reports;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Render_HostileNamesCommentsAndOutput_NoMarkupOrTableBreakReachesTheDocument()
    {
        var document = MarkdownReport.Render(HostileRun.Document());
        var markdown = System.Text.RegularExpressions.Regex.Replace(document, "```diff\n[^`]*```", "(fenced)"); // a fenced block shows its text as it is

        Assert.Contains("(fenced)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("[link](", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# heading", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;", markdown, StringComparison.Ordinal); // shown, as text
        // Every row of the command table still has its six cells: the | in the command and output is escaped.
        var row = Assert.Single(markdown.Split('\n'), l => l.StartsWith("| 2026-12-05 08:05:01Z", StringComparison.Ordinal));
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|"));
    }

    [Fact]
    public void Render_Run_ShowsWhoStartedEachApprovalWithWhoAndWhyCommandsFelixDiffAndRestores()
    {
        var markdown = MarkdownReport.Render(HostileRun.Document());

        Assert.Contains("- Started: 2026-12-05 08:00:00Z by OS user eve", markdown, StringComparison.Ordinal);
        Assert.Contains("- ask\\-delete at 2026-12-05 08:20:00Z: approved by bus key 'ops'", markdown.Replace("ask-delete", "ask\\-delete", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("| exit | seconds |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 3 | 1.25 |", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\n-DatastoreType = etcdv3\n", markdown, StringComparison.Ordinal);
        Assert.Contains("automatic: saga \\(fanOut.onNodeFailure: restore\\)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExcerptWithAFence_CannotCloseTheDiffBlock()
    {
        var document = HostileRun.Document();
        var node = document.Nodes[0] with { FelixCfgDiff = ["+x```\n# injected"] };

        var markdown = MarkdownReport.Render(document with { Nodes = [node] });

        Assert.DoesNotContain("x```", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# injected", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("*_`", "\\*\\_\\`")]
    public void Text_OutsideValue_IsInertOnOneLine(string value, string expected) => Assert.Equal(expected, MarkdownReport.Text(value));
}
