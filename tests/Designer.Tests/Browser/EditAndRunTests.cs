using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Designer.Tests.Browser;

/// <summary>
/// An operator's day in the browser: put an Approval between the canary and the other compute nodes, publish, run the
/// edited flow against the lab, see it wait, approve, see it finish; then the engine exports what the studio sent, unchanged.
/// </summary>
public sealed class EditAndRunTests
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };

    private const string Canary = "compute-canary";
    private const string AskCanary = "ask-canary"; // the shipped flow's gate after the canaries: asks only when the inventory says so

    [Fact]
    public async Task AddApprovalAfterCanary_PublishRunApprove_FinishesAndExportsWhatTheStudioSent()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "x1:xenial:compute");
        using var workspace = new Workspace();
        workspace.Environment["Saga__Inventories__Directory"] = lab.Directory; // the host's inventory folder: the lab's
        await using var server = await SagaServer.StartAsync(workspace);
        await using var browser = await StudioBrowser.StartAsync();
        var page = browser.Page;

        await browser.RunAsync("edit-and-run", async () =>
        {
            await page.GotoAsync(server.Url + "/designer/workflow-definitions/calico-downgrade");
            await browser.EnterApiKeyAsync(server.ApiKey);
            await page.GetByText("4. Compute nodes: canary", new() { Exact = true }).WaitForAsync(Visible);

            // The '+' under the canary's Done outcome: picking an activity there inserts it between the canary and the rest.
            await MarkOutcomeAsync(page, $"{Canary}/Done", "canary-done");
            await page.Locator("[data-test=canary-done]").DispatchEventAsync("click");
            await page.GetByPlaceholder("Search activities").FillAsync("Approval");
            await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Suspends the workflow until someone approves" }).ClickAsync();
            await browser.ScreenshotAsync("03-approval-dialog");
            var draft = await SaveAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync());
            var approval = draft.Saved["activities"]!.AsArray().Single(a => (string?)a!["type"] == "Approval" && (string?)a["activityId"] is not ("approve-canary" or "approve-delete"))!;
            var approvalId = (string)approval["activityId"]!;
            await browser.ScreenshotAsync("04-approval-inserted");

            var publish = await SaveAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync());
            var published = publish.Saved;
            Assert.True((bool)published["isPublished"]!);
            var connections = published["connections"]!.AsArray().Select(c => $"{c!["sourceActivityId"]} --{c["outcome"]}--> {c["targetActivityId"]}").ToList();
            Assert.Contains($"{Canary} --Done--> {approvalId}", connections);
            Assert.Contains($"{approvalId} --Approved--> {AskCanary}", connections);
            Assert.DoesNotContain($"{Canary} --Done--> {AskCanary}", connections);

            // Run the published edit from the operations page.
            await page.GotoAsync(server.Url + "/designer/operations");
            await page.Locator("[data-saga=definition]").SelectOptionAsync("calico-downgrade");
            await page.Locator("[data-saga=inventory]").FillAsync(lab.InventoryPath);
            await page.Locator("[data-saga=start]").ClickAsync();
            var details = page.Locator("[data-saga=details]");
            await details.Locator("[data-saga=approve]").WaitForAsync(new() { Timeout = 180_000 });
            await details.Locator("[data-saga=node][data-node=c1] [data-saga=status]").Filter(new() { HasText = "Finished" }).WaitForAsync();
            Assert.Equal(0, await details.Locator("[data-saga=node][data-node=x1]").CountAsync()); // the rest waits behind the approval
            await browser.ScreenshotAsync("05-waiting-for-approval");

            await details.Locator("[data-saga=approve]").ClickAsync();
            await details.Locator("h2 [data-saga=status]").Filter(new() { HasText = "Finished" }).WaitForAsync(new() { Timeout = 300_000 });
            await details.Locator("[data-saga=node][data-node=x1] [data-saga=status]").Filter(new() { HasText = "Finished" }).WaitForAsync();
            await browser.ScreenshotAsync("06-finished");

            // What the studio sent is what the engine exports: nothing dropped, nothing changed, only the server's own fields added.
            var version = (int)published["version"]!;
            var export = await server.Workspace.RunAsync("definitions", "export", "calico-downgrade", "--version", $"{version}");
            Assert.True(export.ExitCode == 0, export.ToString());
            var exported = JsonNode.Parse(export.Stdout)!;
            Assert.Equal((string?)publish.Sent["workflowDefinitionId"], (string?)exported["definitionId"]);
            var differences = SaveRoundTrip.Differences(publish.Sent, exported);
            Assert.True(differences.Count == 0, "the studio sent something else than the engine exports:\n" + string.Join("\n", differences));
            browser.AssertClean();
        });
    }

    /// <summary>The designer draws outcomes as d3 nodes keyed "activity/outcome"; give the one we want a name to find it by.</summary>
    private static async Task MarkOutcomeAsync(IPage page, string key, string name)
    {
        var found = await page.EvaluateAsync<bool>("""
            ([key, name]) => {
              const node = [...document.querySelectorAll('g.node.add')].find(e => e.__data__ === key);
              if (node) node.setAttribute('data-test', name);
              return !!node;
            }
            """, new[] { key, name });
        Assert.True(found, $"no outcome node {key} on the canvas");
    }

    /// <summary>Runs <paramref name="action"/> and returns the save the studio sent and the definition the server answered with.</summary>
    private static async Task<(JsonNode Sent, JsonNode Saved)> SaveAsync(IPage page, Func<Task> action)
    {
        var response = await page.RunAndWaitForResponseAsync(action,
            r => r.Request.Method == "POST" && r.Url.EndsWith("/elsa/v1/workflow-definitions", StringComparison.Ordinal));
        Assert.True(response.Ok, $"save answered {response.Status}: {await response.TextAsync()}");
        return (JsonNode.Parse(response.Request.PostData!)!, JsonNode.Parse(await response.TextAsync())!);
    }
}
