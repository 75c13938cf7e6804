using Microsoft.Playwright;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Browser;

/// <summary>The studio served by saga serve, opened in a real browser: every asset from the host, every screen drawn.</summary>
public sealed class DashboardTests
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };

    [Fact]
    public async Task Dashboard_Opens_ListsTheShippedFlows()
    {
        await using var server = await SagaServer.StartAsync();
        await using var browser = await StudioBrowser.StartAsync();
        var page = browser.Page;

        await browser.RunAsync("01-definitions", async () =>
        {
            await page.GotoAsync(server.Url + "/designer/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Workflow Definitions" }).First.ClickAsync();
            await page.GetByText("Calico 3.1 → 2.6 downgrade").First.WaitForAsync(Visible);
            await browser.ScreenshotAsync("01-definitions");

            Assert.Contains("/designer/workflow-definitions", page.Url, StringComparison.Ordinal);
            browser.AssertClean();
        });
    }

    [Fact]
    public async Task Editor_CalicoDowngrade_ShowsItsActivities()
    {
        await using var server = await SagaServer.StartAsync();
        await using var browser = await StudioBrowser.StartAsync();
        var page = browser.Page;

        await browser.RunAsync("02-editor", async () =>
        {
            await page.GotoAsync(server.Url + "/designer/workflow-definitions/calico-downgrade");
            foreach (var step in new[] { "Preflight: reach every node, back up", "4. Compute nodes: canary", "4. Compute nodes: the rest", "Delete the migrated etcdv3 data" })
                await page.GetByText(step, new() { Exact = true }).WaitForAsync(Visible);
            await browser.ScreenshotAsync("02-editor");

            browser.AssertClean();
        });
    }

    [Fact]
    public async Task Designer_NotBuilt_SaysHowToBuildIt()
    {
        using var workspace = new Saga.Host.Tests.Support.Workspace();
        workspace.Environment["Saga__Designer__Root"] = Path.Combine(workspace.Folder, "nowhere");
        await using var server = await SagaServer.StartAsync(workspace);

        using var response = await server.Http.GetAsync("/designer/", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("designer/build", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
