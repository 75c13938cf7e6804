using System.Text.Json;
using Saga.Designer.Tests.Support;
using Saga.Workflows;

namespace Saga.Designer.Tests.Contract;

/// <summary>GET v1/activities: the palette, generated from our activity classes.</summary>
[Collection(SharedServer.Name)]
public sealed class ActivitiesContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Activities_EveryDescriptor_HasTheFieldsThePaletteNeeds()
    {
        var activities = await fixture.GetJsonAsync("/elsa/v1/activities");

        Assert.Equal(JsonValueKind.Array, activities.ValueKind);
        foreach (var descriptor in activities.EnumerateArray())
        {
            descriptor.String("type");
            descriptor.String("displayName");
            descriptor.String("category");
            Assert.Equal(1, descriptor.Has("traits", JsonValueKind.Number).GetInt32()); // a number: "Action" would empty the picker
            Assert.NotEmpty(descriptor.Strings("outcomes"));
            descriptor.Has("outputProperties", JsonValueKind.Array);
            descriptor.Has("customAttributes", JsonValueKind.Object);
            foreach (var input in descriptor.Has("inputProperties", JsonValueKind.Array).EnumerateArray())
            {
                input.String("name");
                input.String("uiHint");
                input.String("label");
                input.Has("supportedSyntaxes", JsonValueKind.Array);
                input.String("defaultSyntax");
            }
        }
    }

    [Fact]
    public async Task Activities_EveryStepOfTheShippedFlows_IsInTheCalicoCategoriesOrTheEnginesApproval()
    {
        var byType = (await fixture.GetJsonAsync("/elsa/v1/activities")).EnumerateArray().ToDictionary(d => d.String("type"));

        foreach (var step in ShippedFlows.All().SelectMany(f => f.Activities))
        {
            Assert.True(byType.TryGetValue(step.Type, out var descriptor), $"{step.Type} is not in the palette");
            if (step.Type != nameof(Saga.Engine.Activities.Approval))
                Assert.Matches("^Calico (downgrade|restore): ", descriptor.String("category"));
            Assert.False(string.IsNullOrWhiteSpace(descriptor.String("description")));
        }

        Assert.Equal(["Calico downgrade: cluster", "Calico downgrade: compute nodes", "Calico downgrade: control nodes", "Calico restore: back to 3.1", "Control flow", "Primitives"],
            byType.Values.Select(d => d.String("category")).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Activities_Approval_BranchesOnApprovedAndRejected()
    {
        var approval = (await fixture.GetJsonAsync("/elsa/v1/activities")).EnumerateArray().Single(d => d.String("type") == "Approval");

        Assert.Equal(["Approved", "Rejected"], approval.Strings("outcomes"));
        var prompt = Assert.Single(approval.Has("inputProperties", JsonValueKind.Array).EnumerateArray());
        Assert.Equal("Prompt", prompt.String("name"));
        Assert.Equal("single-line", prompt.String("uiHint"));
    }

    [Fact]
    public async Task Activities_ComputeFanOutSelection_IsADropdownOfItsChoices()
    {
        var fanOut = (await fixture.GetJsonAsync("/elsa/v1/activities")).EnumerateArray().Single(d => d.String("type") == "DowngradeComputeNodes");

        var selection = fanOut.Has("inputProperties", JsonValueKind.Array).EnumerateArray().Single(p => p.String("name") == "Selection");
        Assert.Equal("dropdown", selection.String("uiHint"));
        Assert.Equal(["All", "Canary", "Remaining"], selection.Has("options", JsonValueKind.Array).EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("All", selection.String("defaultValue"));
    }
}
