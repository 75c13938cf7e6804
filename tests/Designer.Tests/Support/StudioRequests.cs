namespace Saga.Designer.Tests.Support;

/// <summary>Save bodies exactly as the studio sends them (elsa-studio-api.md §4.4).</summary>
internal static class StudioRequests
{
    /// <summary>The first save of a new workflow: no name, the studio's stray space in " WorkflowBurst", a designer-made activity id.</summary>
    public static string FirstSave(string definitionId, bool publish = false) => $$"""
        { "workflowDefinitionId": "{{definitionId}}", "persistenceBehavior": " WorkflowBurst", "publish": {{(publish ? "true" : "false")}},
          "activities": [
            { "activityId": "cc42a6b3-d52a-4677-874d-cfe352c66f56", "type": "Delay", "displayName": "Delay",
              "properties": [ { "name": "Duration", "expressions": { "Literal": "00:00:00.010" }, "syntax": null } ],
              "propertyStorageProviders": {}, "category": "" },
            { "activityId": "0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", "type": "Approval", "displayName": "Approval",
              "properties": [ { "name": "Prompt", "expressions": {}, "syntax": null } ],
              "propertyStorageProviders": {}, "category": "" } ],
          "connections": [
            { "sourceActivityId": "cc42a6b3-d52a-4677-874d-cfe352c66f56", "targetActivityId": "0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", "outcome": "Done" },
            { "sourceActivityId": "0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", "targetActivityId": "gone", "outcome": "Approved" } ] }
        """;

    /// <summary>A later save: every field, variables as JSON text.</summary>
    public static string LaterSave(string definitionId, bool publish, string variables = "{}") => $$"""
        { "workflowDefinitionId": "{{definitionId}}", "name": " Gate ", "displayName": "Gate", "description": "wait, then ask",
          "tag": "", "channel": null, "variables": {{System.Text.Json.JsonSerializer.Serialize(variables)}}, "isSingleton": false,
          "deleteCompletedInstances": false, "persistenceBehavior": "WorkflowBurst", "publish": {{(publish ? "true" : "false")}},
          "activities": [
            { "activityId": "cc42a6b3-d52a-4677-874d-cfe352c66f56", "type": "Delay", "displayName": "Delay", "name": "wait",
              "persistWorkflow": false, "loadWorkflowContext": false, "saveWorkflowContext": false,
              "properties": [ { "name": "Duration", "expressions": { "Literal": "00:00:00.010" }, "syntax": null } ],
              "propertyStorageProviders": {}, "category": "" },
            { "activityId": "0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", "type": "Approval", "displayName": "Approval",
              "properties": [ { "name": "Prompt", "expressions": { "Literal": "Go on?" } } ],
              "propertyStorageProviders": {}, "category": "" } ],
          "connections": [ { "sourceActivityId": "cc42a6b3-d52a-4677-874d-cfe352c66f56", "targetActivityId": "0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", "outcome": "Done" } ] }
        """;
}
