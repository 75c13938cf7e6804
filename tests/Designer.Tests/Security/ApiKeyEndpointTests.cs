using System.Net;
using System.Text;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Security;

/// <summary>Every endpoint that changes something refuses a call without the key, however its path is spelled.</summary>
[Collection(SharedServer.Name)]
public sealed class ApiKeyEndpointTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryChangingEndpoint_WithoutTheKey_IsUnauthorized_InAnyCase()
    {
        var changes = ChangingEndpoints();
        Assert.True(changes.Count >= 15, "too few endpoints found: " + string.Join(", ", changes));

        var answers = new List<string>();
        foreach (var (method, path) in changes.Where(c => !IsScriptingLookup(c.Path)))
        {
            foreach (var spelling in new[] { path, path.ToUpperInvariant(), MixedCase(path) })
            {
                using var response = await SendAsync(method, spelling);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    answers.Add($"{method} {spelling}: {(int)response.StatusCode}");
            }
        }

        Assert.True(answers.Count == 0, "answered without the key:\n" + string.Join("\n", answers));
    }

    [Fact]
    public async Task ScriptingLookup_WithoutTheKey_AnswersTypeDeclarations()
    {
        var lookup = Assert.Single(ChangingEndpoints(), c => IsScriptingLookup(c.Path));

        using var response = await SendAsync(lookup.Method, lookup.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-typescript", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/ELSA/v1/workflow-definitions/calico-downgrade/retract")]
    [InlineData("/Elsa/V1/workflow-definitions/calico-downgrade/AllVersions")]
    [InlineData("/Api/runs")]
    [InlineData("/API/instances/0123456789abcdef0123456789abcdef/cancel")]
    public async Task Change_PathInAnotherCase_StillNeedsTheKey(string path)
    {
        using var response = await SendAsync(path.EndsWith("AllVersions", StringComparison.Ordinal) ? "DELETE" : "POST", path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        // A body each endpoint accepts, so that the key is the only thing missing.
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = path.EndsWith("/import", StringComparison.OrdinalIgnoreCase)
                ? new MultipartFormDataContent { { new StringContent("{}", Encoding.UTF8, "application/json"), "file", "flow.json" } }
                : new StringContent("""{"definitionId":"calico-downgrade","approved":true,"workflowInstanceIds":["x"]}""", Encoding.UTF8, "application/json"),
        };
        return await fixture.Anonymous.SendAsync(request, Token);
    }

    private static bool IsScriptingLookup(string path) => path.Contains("/scripting/", StringComparison.Ordinal);

    /// <summary>Every (method, path) that is not a read.</summary>
    private static List<(string Method, string Path)> ChangingEndpoints() => MappedEndpoints.All().Where(e => !MappedEndpoints.IsRead(e.Method)).ToList();

    private static string MixedCase(string path) => string.Concat(path.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
}
