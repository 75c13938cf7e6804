using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Saga.Engine.Descriptors;

namespace Saga.Host.Web.Elsa;

/// <summary><c>GET v1/activities</c>: the palette, generated from the activity classes' attributes.</summary>
internal static class ActivitiesEndpoints
{
    public static RouteGroupBuilder MapActivitiesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("activities", (IActivityRegistry registry) => ElsaJson.Ok(registry.Descriptors));
        return v1;
    }
}
