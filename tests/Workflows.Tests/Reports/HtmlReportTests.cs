using Saga.Workflows.Reports;

namespace Saga.Workflows.Tests.Reports;

public sealed class HtmlReportTests
{
    [Fact]
    public void Render_HostileNamesCommentsAndOutput_AreEncodedNeverMarkup()
    {
        var html = HtmlReport.Render(HostileRun.Document());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("because &lt;script&gt;", html, StringComparison.Ordinal); // the approval's comment
    }

    [Fact]
    public void Render_Run_IsOneSelfContainedFileThatPrintsWell()
    {
        var html = HtmlReport.Render(HostileRun.Document());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("@media print{", html, StringComparison.Ordinal);
        Assert.Contains("thead{display:table-header-group}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_Run_HasWhoStartedApprovalsCommandsFelixDiffAndRestoresPerNode()
    {
        var html = HtmlReport.Render(HostileRun.Document());

        Assert.Contains("<th>Started</th><td>2026-12-05 08:00:00Z by OS user eve", html, StringComparison.Ordinal);
        Assert.Contains("<td>approved</td><td>bus key &#39;ops", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"failed\">3</td><td>1.25</td>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"del\">-DatastoreType = etcdv3</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td>automatic: saga (fanOut.onNodeFailure: restore)</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongOutput_QuotesOnlyItsEnd()
    {
        var html = HtmlReport.Render(HostileRun.Document(excerpt: new string('a', 2000) + "THE END"));

        Assert.Contains("THE END", html, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', ReportTextLimit + 1), html, StringComparison.Ordinal);
    }

    private const int ReportTextLimit = 240;
}
