using System.Net;
using System.Text;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;

namespace Saga.Designer.Tests.Security;

/// <summary>Changes need the API key; the host creates one at its first start, prints it once and keeps only its hash.</summary>
public sealed class ApiKeyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_WithoutOrWithAWrongKey_AreRefused_ReadsAreNot()
    {
        await using var server = await SagaServer.StartAsync();
        using var wrong = server.Authorized("not-the-key");

        using var anonymous = await server.Http.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/retract", null, Token);
        using var guessed = await wrong.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/retract", null, Token);
        using var deleted = await server.Http.DeleteAsync("/elsa/v1/workflow-definitions/calico-downgrade/AllVersions", Token);
        using var started = await server.Http.PostAsync("/api/runs", new StringContent("""{"definitionId":"calico-downgrade"}""", Encoding.UTF8, "application/json"), Token);
        using var read = await server.Http.GetAsync("/elsa/v1/workflow-definitions/calico-downgrade/Latest", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("X-Api-Key", await anonymous.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_PrintsAKeyOnce_KeepsOnlyItsHash_AndTheKeyWorksAfterARestart()
    {
        using var workspace = new Workspace();
        string key;
        await using (var first = await SagaServer.StartAsync(workspace))
        {
            key = first.ApiKey;
            using var writer = first.Authorized();
            using var retract = await writer.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/retract", null, Token);
            Assert.Equal(HttpStatusCode.Accepted, retract.StatusCode);
        }

        var stored = await File.ReadAllTextAsync(Path.Combine(workspace.StateFolder, "saga-api-key.sha256"), Token);
        Assert.Matches("^[0-9a-f]{64}\n$", stored);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key, workspace.Log(), StringComparison.Ordinal);

        await using var second = await SagaServer.StartAsync(workspace);
        Assert.DoesNotContain("API key", second.Output, StringComparison.Ordinal);
        using var again = second.Authorized(key);
        using var publish = await again.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/publish", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode); // the draft the first server's retract left
    }

    [Fact]
    public async Task HashFile_Malformed_StopsServeNamingTheFile()
    {
        using var workspace = new Workspace();
        Directory.CreateDirectory(workspace.StateFolder);
        var file = Path.Combine(workspace.StateFolder, "saga-api-key.sha256");
        File.WriteAllText(file, "not a hash\n");

        var serve = await workspace.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, serve.ExitCode);
        Assert.Contains(file, serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("64 hexadecimal digits", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredKey_IsUsed_NothingIsPrintedOrWritten()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Api__Key"] = "configured-key-for-tests-0123456789";
        await using var server = await SagaServer.StartAsync(workspace);
        using var writer = server.Authorized("configured-key-for-tests-0123456789");

        using var retract = await writer.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/retract", null, Token);

        Assert.Equal(HttpStatusCode.Accepted, retract.StatusCode);
        Assert.DoesNotContain("API key", server.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.StateFolder, "saga-api-key.sha256")));
    }

    [Fact]
    public async Task OtherOrigins_GetNoCorsPermission()
    {
        await using var server = await SagaServer.StartAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/elsa/v1/workflow-definitions");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/elsa/v1/workflow-definitions");
        get.Headers.Add("Origin", "http://evil.example");

        using var preflightResponse = await server.Http.SendAsync(preflight, Token);
        using var getResponse = await server.Http.SendAsync(get, Token);

        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(getResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
