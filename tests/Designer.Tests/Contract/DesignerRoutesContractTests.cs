using System.Net;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>Under /designer: the dashboard's client-side routes get the host page, missing files of the studio a 404.</summary>
[Collection(SharedServer.Name)]
public sealed class DesignerRoutesContractTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/designer/workflow-definitions/calico.v2")]
    [InlineData("/designer/workflow-registry/flow.json")]
    [InlineData("/designer/workflow-instances")]
    public async Task DashboardRoute_EvenWithADotInTheId_GetsTheHostPage(string path)
    {
        using var response = await fixture.Http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<elsa-studio-root", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/designer/studio/p-missing.entry.js")]
    [InlineData("/designer/monaco-editor/min/vs/missing.js")]
    public async Task MissingStudioFile_IsNotFound(string path)
    {
        using var response = await fixture.Http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
