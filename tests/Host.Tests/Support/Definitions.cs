namespace Saga.Host.Tests.Support;

/// <summary>Definition files for the real executable, built only of the engine's own activities.</summary>
internal static class Definitions
{
    /// <summary>A chain of Delay activities a1..aN with the given durations.</summary>
    public static string DelayChain(string definitionId, params string[] durations)
    {
        var activities = durations.Select((d, i) =>
            $$"""{ "activityId": "a{{i + 1}}", "type": "Delay", "displayName": "Wait {{d}}", "properties": [ { "name": "Duration", "syntax": null, "expressions": { "Literal": "{{d}}" } } ] }""");
        var connections = durations.Skip(1).Select((_, i) =>
            $$"""{ "sourceActivityId": "a{{i + 1}}", "targetActivityId": "a{{i + 2}}", "outcome": "Done" }""");
        return $$"""
            { "definitionId": "{{definitionId}}", "name": "{{definitionId}}",
              "activities": [ {{string.Join(",\n", activities)}} ],
              "connections": [ {{string.Join(",\n", connections)}} ] }
            """;
    }
}
