using System.Net;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;

namespace Saga.Designer.Tests.Security;

/// <summary>Reading instances (journal, variables, execution log) needs a key, as changes do; what the studio loads first does not.</summary>
[Collection(SharedServer.Name)]
public sealed class ReadAccessTests(ServerFixture fixture)
{
    private const string Key = "change-key-0123456789abcdef0123456789";
    private const string ReadKey = "read-only-0123456789abcdef0123456789";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryInstanceRead_WithoutTheKey_IsUnauthorized()
    {
        var id = await fixture.StartWaitingRunAsync("reads-need-the-key");
        var reads = MappedEndpoints.All()
            .Where(e => MappedEndpoints.IsRead(e.Method) && (e.Path.StartsWith("/elsa/v1/workflow-instances", StringComparison.Ordinal) || e.Path.StartsWith("/api/", StringComparison.Ordinal)))
            .Select(e => e.Path.Replace("/1", "/" + id, StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(reads.Count >= 5, "too few instance reads found: " + string.Join(", ", reads));

        var open = new List<string>();
        foreach (var path in reads.SelectMany(p => new[] { p, p.ToUpperInvariant().Replace(id.ToUpperInvariant(), id, StringComparison.Ordinal) }))
        {
            using var anonymous = await fixture.Anonymous.GetAsync(path, Token);
            if (anonymous.StatusCode != HttpStatusCode.Unauthorized)
                open.Add($"GET {path}: {(int)anonymous.StatusCode} {await anonymous.Content.ReadAsStringAsync(Token)}");
        }

        using var withKey = await fixture.Http.GetAsync($"/elsa/v1/workflow-instances/{id}", Token);
        Assert.True(open.Count == 0, "answered without the key:\n" + string.Join("\n", open));
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Theory]
    [InlineData("/elsa/v1/workflow-definitions?version=Latest")]
    [InlineData("/elsa/v1/workflow-definitions/calico-downgrade/Latest")]
    [InlineData("/elsa/v1/workflow-registry/calico-downgrade/Published")]
    [InlineData("/elsa/v1/activities")]
    [InlineData("/elsa/v1/features")]
    [InlineData("/health/ready")]
    [InlineData("/designer/saga.js")]
    public async Task WhatTheStudioLoadsBeforeAKeyIsEntered_AnswersWithoutOne(string path)
    {
        using var response = await fixture.Anonymous.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadKey_ReadsInstances_ButChangesNothing()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Api__Key"] = Key;
        workspace.Environment["Saga__Api__ReadKey"] = ReadKey;
        await using var server = await SagaServer.StartAsync(workspace);
        using var reader = server.Authorized(ReadKey);

        using var list = await reader.GetAsync("/api/instances", Token);
        using var change = await reader.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/retract", null, Token);
        using var anonymous = await server.Http.GetAsync("/api/instances", Token);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task WrongKeys_FromOneAddress_AreRateLimited_EvenTheRightKeyWaits()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Api__Key"] = Key;
        workspace.Environment["Saga__Api__FailedKeyLimit"] = "3";
        workspace.Environment["Saga__Api__FailedKeyWindow"] = "00:10:00";
        await using var server = await SagaServer.StartAsync(workspace);
        using var guesser = server.Authorized("guess-0123456789abcdef0123456789abcdef");
        using var owner = server.Authorized(Key);

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await guesser.GetAsync("/api/instances", Token);
            guesses.Add(response.StatusCode);
        }

        using var right = await owner.GetAsync("/api/instances", Token);
        using var open = await server.Http.GetAsync("/elsa/v1/activities", Token);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode); // what needs no key is not held back
    }

    [Theory]
    [InlineData("Saga__Api__Key")]
    [InlineData("Saga__Api__ReadKey")]
    public async Task ConfiguredKey_ShorterThan32Characters_StopsServe(string setting)
    {
        using var workspace = new Workspace();
        workspace.Environment[setting] = "only-31-characters-long-0123456";

        var serve = await workspace.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("has 31 characters; a key needs at least 32", serve.Stderr, StringComparison.Ordinal);
    }
}
