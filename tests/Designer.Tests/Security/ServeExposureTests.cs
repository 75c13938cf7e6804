using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;

namespace Saga.Designer.Tests.Security;

/// <summary>Who can reach <c>saga serve</c>: it listens on loopback, answers only to its own names, and its pages load only its files.</summary>
[Collection(SharedServer.Name)]
public sealed class ServeExposureTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_WithOnlyAPortConfigured_ListensOnLoopback()
    {
        using var workspace = new Workspace();

        await using var server = await SagaServer.StartWithOnlyAPortAsync(workspace);

        Assert.Contains($"Listening on {server.Url}", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on http://0.0.0.0", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on http://[::]", server.Output, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:5080", Saga.Host.Cli.ServeCommand.DefaultUrls);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://*:0")]
    [InlineData("http://127.0.0.1:0;http://10.1.2.3:5080")]
    public async Task PlainHttp_BeyondLoopback_IsRefused_SayingHowToListen(string urls)
    {
        using var workspace = new Workspace();

        var serve = await workspace.RunAsync("serve", "--urls", urls);

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("over plain HTTP beyond loopback", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("Saga:Serve:AllowPlainHttp=true", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_BeyondLoopback_WithAllowPlainHttp_Listens()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Serve__AllowPlainHttp"] = "true";
        var port = SagaServer.FreePort();

        await using var server = await SagaServer.StartAsync(workspace, $"http://127.0.0.1:{port}", ["serve", "--urls", $"http://0.0.0.0:{port}"]);

        Assert.Contains($"Listening on http://0.0.0.0:{port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_FromKestrelEndpoints_ServesBeyondLoopbackWithTheCertificate()
    {
        using var workspace = new Workspace();
        using var certificate = SelfSigned();
        var pfx = Path.Combine(workspace.Folder, "saga.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"), Token);
        var port = SagaServer.FreePort();
        workspace.Environment["Kestrel__Endpoints__Https__Url"] = $"https://0.0.0.0:{port}";
        workspace.Environment["Kestrel__Endpoints__Https__Certificate__Path"] = pfx;
        workspace.Environment["Kestrel__Endpoints__Https__Certificate__Password"] = "pfx-password";
        using var serve = workspace.Start("serve");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

        HttpStatusCode? status = null;
        var until = DateTime.UtcNow.AddMinutes(2); // a loaded machine starts serve slowly
        while (status is null && !serve.HasExited && DateTime.UtcNow < until)
        {
            try
            {
                using var response = await client.GetAsync("/health/live", Token);
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, Token);
            }
        }

        Assert.True(status == HttpStatusCode.OK, serve.ToString());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=saga.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("rebound.attacker.test:5080", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task Request_ByHostName_OnlyLoopbackNamesAreAnswered(string host, HttpStatusCode expected)
    {
        using var response = await GetAsync(fixture.Server, "/elsa/v1/version", host);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_Configured_ReplacesTheLoopbackNames()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Serve__AllowedHosts"] = "saga.ops.example; *.lab.example; 127.0.0.1";
        await using var server = await SagaServer.StartAsync(workspace);

        using var named = await GetAsync(server, "/elsa/v1/version", "saga.ops.example");
        using var wildcard = await GetAsync(server, "/elsa/v1/version", "node1.lab.example");
        using var notListed = await GetAsync(server, "/elsa/v1/version", "localhost");

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wildcard.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notListed.StatusCode);
    }

    [Theory]
    [InlineData("/designer/")]
    [InlineData("/designer/operations")]
    [InlineData("/designer/workflow-instances/0123456789abcdef")]
    [InlineData("/designer/saga.js")]
    public async Task DesignerPages_CarryAContentSecurityPolicy(string path)
    {
        using var response = await fixture.Http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(SagaServer server, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await server.Http.SendAsync(request, Token);
    }
}
