using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Saga.Activities.Inventory;
using Saga.Engine.Definitions;
using Saga.Engine.Runtime;

namespace Saga.Host.Web.Api;

/// <summary>
/// The API's one boundary for expected failures: a refused definition is 400 with every error, an instance in the
/// wrong state (or driven by another runner) is 409, a malformed body is 400. Anything else is a 500 and is logged.
/// </summary>
internal static class ApiErrors
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && Describe(ex) is { } problem)
        {
            await problem.ExecuteAsync(context);
        }
    });

    private static IResult? Describe(Exception exception) => exception switch
    {
        DefinitionValidationException e => Results.ValidationProblem(
            e.Errors.GroupBy(x => x.Where).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray()),
            detail: e.Message, title: "The definition was refused"),
        InventoryException => Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest),
        InstanceStateException or InstanceLeasedException => Results.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict),
        BadHttpRequestException or System.Text.Json.JsonException or InvalidOperationException { Source: "System.Text.Json" } =>
            Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest),
        _ => null,
    };
}
