using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Saga.Host.Web.Security;

namespace Saga.Host.Web.Elsa;

/// <summary>What every studio page asks first, and the lists its dialogs need; we offer no testing hub, channels or storage providers.</summary>
internal static class ServerInfoEndpoints
{
    private static readonly string Version = typeof(ServerInfoEndpoints).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static RouteGroupBuilder MapServerInfoApi(this RouteGroupBuilder v1)
    {
        // "WorkflowTesting" would make the editor open a SignalR hub we do not have.
        v1.MapGet("features", () => ElsaJson.Ok(new { features = Array.Empty<string>() }));
        v1.MapGet("version", () => ElsaJson.Ok(new { version = $"saga {Version}" }));
        v1.MapGet("workflow-storage-providers", () => ElsaJson.Ok(Array.Empty<object>()));
        v1.MapGet("workflow-channels", () => ElsaJson.Ok(Array.Empty<string>()));
        v1.MapGet("workflow-providers", () => ElsaJson.Ok(new[] { new { name = RegistryEndpoints.Provider, displayName = "saga store" } }));

        // The activity dialog asks for Monaco's type declarations per property; we evaluate no JavaScript, so there are none.
        v1.MapPost("scripting/javascript/type-definitions/{definitionId}", () => Results.Text("", "application/x-typescript")).ChangesNothing();
        return v1;
    }
}
