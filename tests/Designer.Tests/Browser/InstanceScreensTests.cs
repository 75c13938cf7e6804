using Microsoft.Playwright;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Browser;

/// <summary>The studio's instance screens against real instances: the list with its status filter, and the viewer.</summary>
[Collection(SharedServer.Name)]
public sealed class InstanceScreensTests(ServerFixture fixture)
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };

    [Fact]
    public async Task InstanceList_FilteredByStatus_AndTheViewer_LoadWithoutErrors()
    {
        var id = await fixture.StartWaitingRunAsync("screens-waiting");
        await using var browser = await StudioBrowser.StartAsync();
        var page = browser.Page;

        await browser.RunAsync("instance-screens", async () =>
        {
            // Instances are read with the key: entered first, as an operator does, then kept in the tab.
            await page.GotoAsync(fixture.Server.Url + "/designer/");
            await browser.EnterApiKeyAsync(fixture.Server.ApiKey);
            await page.GotoAsync(fixture.Server.Url + "/designer/workflow-instances?status=Suspended");
            await page.Locator($"a[href$='/workflow-instances/{id}']").First.WaitForAsync(Visible);
            await browser.ScreenshotAsync("08-instances-suspended");

            // Idle is on the studio's status menu; we have no such instance, and the list says so instead of going blank.
            await page.GotoAsync(fixture.Server.Url + "/designer/workflow-instances?status=Idle");
            await page.GetByRole(AriaRole.Button, new() { Name = "Idle" }).WaitForAsync(Visible);
            await page.GetByText("results").First.WaitForAsync(Visible);
            await browser.ScreenshotAsync("09-instances-idle");
            Assert.Equal(0, await page.Locator($"a[href$='/workflow-instances/{id}']").CountAsync());

            await page.GotoAsync(fixture.Server.Url + $"/designer/workflow-instances/{id}");
            await page.GetByText("Approval", new() { Exact = true }).First.WaitForAsync(Visible);
            await browser.ScreenshotAsync("10-instance-viewer");
            browser.AssertClean();
        });
    }
}
