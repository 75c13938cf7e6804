using Microsoft.Playwright;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Browser;

/// <summary>The operations page in a real browser: starting a run is safe against double clicks and plain-http origins.</summary>
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
}
