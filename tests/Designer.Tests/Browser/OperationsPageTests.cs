using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Designer.Tests.Browser;

/// <summary>The operations page in a real browser: starting a run is safe against double clicks and plain-http origins; an ended run's report and restore.</summary>
public sealed class OperationsPageTests
{
    [Fact]
    public async Task Start_DoubleClickedWhereRandomUuidIsMissing_StartsOneRun()
    {
        await using var server = await SagaServer.StartAsync();
        using (var writer = server.Authorized())
        {
            using var published = await writer.PostAsync("/elsa/v1/workflow-definitions",
                new StringContent(StudioRequests.LaterSave("ops-page-start", publish: true), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.True(published.IsSuccessStatusCode);
        }

        await using var browser = await StudioBrowser.StartAsync();
        // As on a page served over plain http from another host: no crypto.randomUUID outside secure contexts.
        await browser.Context.AddInitScriptAsync("Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined });");
        var page = browser.Page;
        await browser.RunAsync("operations-start", async () =>
        {
            await page.GotoAsync(server.Url + "/designer/operations");
            await browser.EnterApiKeyAsync(server.ApiKey);
            await page.Locator("[data-saga=definition]").SelectOptionAsync("ops-page-start");

            await page.Locator("[data-saga=start]").DblClickAsync();

            await page.Locator("[data-saga=start-result]").Filter(new() { HasText = "Started" }).WaitForAsync();
            await page.Locator("[data-saga=details] [data-saga=approve]").WaitForAsync();
            await browser.ScreenshotAsync("07-operations-started");
            var runs = await page.Locator("[data-saga=run]").CountAsync();
            using var reader = server.Authorized();
            var instances = await reader.GetStringAsync("/elsa/v1/workflow-instances?workflow=ops-page-start", TestContext.Current.CancellationToken);
            Assert.Equal(1, runs);
            Assert.Contains("\"totalCount\":1", instances, StringComparison.Ordinal);
            browser.AssertClean();
        });
    }

    [Fact]
    public async Task EndedRun_ReportOpensInATab_AndRestoreShowsThePlanFirstThenStartsOneRestoreOnConfirm()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute");
        using var workspace = new Workspace();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        await using var server = await SagaServer.StartAsync(workspace);
        await using var browser = await StudioBrowser.StartAsync();
        var page = browser.Page;
        using var reader = server.Authorized();
        await browser.RunAsync("operations-restore", async () =>
        {
            await page.GotoAsync(server.Url + "/designer/operations");
            await browser.EnterApiKeyAsync(server.ApiKey);
            var row = page.Locator($"[data-saga=run][data-id='{id}']");

            // The report: fetched with the key, opened from a Blob URL in a tab of its own.
            var report = await browser.Context.RunAndWaitForPageAsync(() => row.Locator("[data-saga=report]").ClickAsync());
            await report.WaitForURLAsync(url => url.StartsWith("blob:", StringComparison.Ordinal));
            await report.GetByText("Final state", new() { Exact = false }).First.WaitForAsync();
            Assert.Contains(id, await report.TitleAsync(), StringComparison.Ordinal);
            await report.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Screenshots, "08-operations-report-tab.png"), FullPage = true });
            await report.CloseAsync();

            // Restore…: the plan first, nothing started by it; then one restore, however often confirm is clicked.
            await row.Locator("[data-saga=restore]").ClickAsync();
            var confirm = page.Locator("[data-saga=restore-confirm]");
            Assert.True(await confirm.IsDisabledAsync());
            await page.Locator("[data-saga=restore-all]").CheckAsync();
            await page.Locator("[data-saga=restore-show-plan]").ClickAsync();
            await page.Locator("[data-saga=restore-plan]").Filter(new() { HasText = "== restore-etcdv3" }).WaitForAsync();
            await browser.ScreenshotAsync("09-operations-restore-plan");
            Assert.Contains("c1, ctl", await page.Locator("[data-saga=restore-plan]").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(1, (await reader.GetFromJsonAsync<JsonElement>("/api/instances", TestContext.Current.CancellationToken)).GetArrayLength());

            await confirm.DblClickAsync();
            var started = page.Locator("[data-saga=restore-result]").Filter(new() { HasText = "Started restore" });
            await started.WaitForAsync();
            var restoreId = System.Text.RegularExpressions.Regex.Match(await started.TextContentAsync() ?? "", "[0-9a-f]{32}").Value;
            await page.Locator("[data-saga=details] h2 [data-saga=status]").Filter(new() { HasText = "Finished" }).WaitForAsync(new() { Timeout = 240_000 });
            await browser.ScreenshotAsync("10-operations-restore-finished");

            var instances = await reader.GetFromJsonAsync<JsonElement>("/api/instances", TestContext.Current.CancellationToken);
            var restores = instances.EnumerateArray().Where(i => i.GetProperty("definitionId").GetString() == "calico-restore").Select(i => i.GetProperty("id").GetString()).ToList();
            Assert.Equal([restoreId], restores);
            browser.AssertClean();
        });
    }
}
