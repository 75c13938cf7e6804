using System.Net;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>What every studio page asks first; a wrong shape here leaves the whole page blank.</summary>
[Collection(SharedServer.Name)]
public sealed class ServerInfoContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Features_IsAnObjectWithAnEmptyFeaturesArray()
    {
        var features = await fixture.GetJsonAsync("/elsa/v1/features");

        Assert.Empty(features.Has("features", JsonValueKind.Array).EnumerateArray()); // WorkflowTesting would need a SignalR hub
    }

    [Fact]
    public async Task Version_IsAString()
    {
        var version = await fixture.GetJsonAsync("/elsa/v1/version");

        Assert.StartsWith("saga ", version.String("version"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/elsa/v1/workflow-storage-providers")]
    [InlineData("/elsa/v1/workflow-channels")]
    public async Task DialogLists_AreEmptyArrays(string path)
    {
        var list = await fixture.GetJsonAsync(path);

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Empty(list.EnumerateArray());
    }

    [Fact]
    public async Task WorkflowProviders_NameTheStore()
    {
        var providers = await fixture.GetJsonAsync("/elsa/v1/workflow-providers");

        var provider = Assert.Single(providers.EnumerateArray());
        Assert.Equal("Store", provider.String("name"));
        provider.String("displayName");
    }

    [Fact]
    public async Task ScriptingTypeDefinitions_IsPlainTextNotJson()
    {
        using var body = new StringContent("""{"propertyName":"Prompt","activityTypeName":"Approval"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Writer.PostAsync("/elsa/v1/scripting/javascript/type-definitions/calico-downgrade?t=1", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-typescript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UserInfo_IsNotFound_SoTheStudioHidesItsUserMenu()
    {
        using var response = await fixture.Http.GetAsync("/elsa/v1/elsaAuthentication/userinfo", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
