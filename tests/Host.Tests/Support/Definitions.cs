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

    /// <summary>
    /// A chain of Set variable activities a1..aN: a1 sets v1 to a string of <paramref name="size"/> characters, each
    /// later one copies the one before into a variable of its own, so each checkpoint writes more than the last.
    /// </summary>
    public static string GrowingVariables(string definitionId, int count, int size)
    {
        var first = $$"""{ "activityId": "a1", "type": "SetVariable", "properties": [ { "name": "VariableName", "expressions": { "Literal": "v1" } }, { "name": "Value", "syntax": "Json", "expressions": { "Json": "\"{{new string('x', size)}}\"" } } ] }""";
        var copies = Enumerable.Range(2, count - 1).Select(i =>
            $$"""{ "activityId": "a{{i}}", "type": "SetVariable", "properties": [ { "name": "VariableName", "expressions": { "Literal": "v{{i}}" } }, { "name": "Value", "syntax": "Variable", "expressions": { "Variable": "v{{i - 1}}" } } ] }""");
        var connections = Enumerable.Range(1, count - 1).Select(i => $$"""{ "sourceActivityId": "a{{i}}", "targetActivityId": "a{{i + 1}}", "outcome": "Done" }""");
        return $$"""
            { "definitionId": "{{definitionId}}", "name": "{{definitionId}}",
              "activities": [ {{string.Join(",\n", copies.Prepend(first))}} ],
              "connections": [ {{string.Join(",\n", connections)}} ] }
            """;
    }
}
