using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration.Memory;
using Saga.Host.Cli;
using Saga.Host.Web;

namespace Saga.Designer.Tests.Support;

/// <summary>Every (method, path) <c>saga serve</c> maps, route values filled in, read from its endpoint data sources.</summary>
internal static partial class MappedEndpoints
{
    public static List<(string Method, string Path)> All()
    {
        var overrides = new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["ConnectionStrings:Saga"] = $"Data Source={Path.Combine(Path.GetTempPath(), "saga-endpoints-" + Guid.NewGuid().ToString("N"), "saga.db")}" },
        };
        var app = ServeCommand.CreateBuilder("http://127.0.0.1:0", overrides).Build();
        app.MapSagaWeb();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: Fill(e.RoutePattern.RawText!))))
            .Distinct().ToList();
    }

    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static string Fill(string pattern) => "/" + RouteParameter().Replace(pattern.TrimStart('/'), "1");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
