using System.Net;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>v1/workflow-registry: what the instance screens and the registry screen draw.</summary>
[Collection(SharedServer.Name)]
public sealed class RegistryContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Registry_AllVersions_IsAPlainArrayOfSummariesJoinedOnVersionId()
    {
        var registry = await fixture.GetJsonAsync("/elsa/v1/workflow-registry?version=AllVersions");

        Assert.Equal(JsonValueKind.Array, registry.ValueKind);
        var downgrade = registry.EnumerateArray().First(b => b.String("id") == "calico-downgrade");
        downgrade.String("versionId");
        downgrade.Has("version", JsonValueKind.Number);
        downgrade.HasBool("isSingleton");
        downgrade.HasBool("isPublished");
        downgrade.HasBool("isLatest");
        downgrade.HasBool("isDisabled");
    }

    [Fact]
    public async Task ByProvider_IsPaged()
    {
        var page = await fixture.GetJsonAsync("/elsa/v1/workflow-registry/by-provider/Store?version=Latest&page=0&pageSize=5");

        Assert.NotEmpty(page.Paged(page: 0, pageSize: 5));
    }

    [Fact]
    public async Task Blueprint_HasActivitiesByIdWithTheirInputsAsData()
    {
        var blueprint = await fixture.GetJsonAsync("/elsa/v1/workflow-registry/calico-downgrade/1");

        Assert.Equal("calico-downgrade", blueprint.String("id"));
        blueprint.String("versionId");
        blueprint.Has("variables", JsonValueKind.Object).Has("data", JsonValueKind.Object);
        blueprint.Has("customAttributes", JsonValueKind.Object).Has("data", JsonValueKind.Object);
        blueprint.String("persistenceBehavior");
        var canary = blueprint.Has("activities", JsonValueKind.Array).EnumerateArray().Single(a => a.String("id") == "compute-canary");
        canary.Lacks("activityId");
        Assert.Equal("Canary", canary.Has("inputProperties", JsonValueKind.Object).Has("data", JsonValueKind.Object).String("Selection"));
        canary.Has("outputProperties", JsonValueKind.Object).Has("data", JsonValueKind.Object);
        var connection = blueprint.Has("connections", JsonValueKind.Array).EnumerateArray().First();
        connection.String("sourceActivityId");
        connection.String("targetActivityId");
        connection.String("outcome");
    }

    [Fact]
    public async Task Blueprint_OfAnUnknownVersion_IsNotFound()
    {
        using var response = await fixture.Http.GetAsync("/elsa/v1/workflow-registry/calico-downgrade/99", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
