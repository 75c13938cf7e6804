using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Saga.Activities.Inventory;
using Saga.Engine.Definitions;
using Saga.Engine.Runtime;
using Saga.Host.Web.Elsa;

namespace Saga.Host.Web.Api;

/// <summary>
/// The API's one boundary for expected failures: a refused definition or save request is 400 with every error by
/// field, a request that cannot be bound (bad JSON, a missing body, a value of the wrong kind) is 400 naming what is
/// wrong, an instance in the wrong state (or driven by another runner) and a definition another writer changed meanwhile
/// are 409, an instance that does not exist is 404. Anything else goes on to the exception
/// handler: a 500 ProblemDetails, logged.
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
        SaveRequestException e => Results.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, detail: e.Message, title: "The save request was refused"),
        InventoryException => Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest),
        InstanceStateException or InstanceLeasedException or DefinitionConflictException => Results.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict),
        InstanceNotFoundException => Results.Problem(exception.Message, statusCode: StatusCodes.Status404NotFound),
        BadHttpRequestException e => Results.Problem(
            e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message, statusCode: e.StatusCode, title: "The request could not be read"),
        _ => null,
    };
}
