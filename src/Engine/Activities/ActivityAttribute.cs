namespace Saga.Engine.Activities;

/// <summary>Declares an activity class: what the designer's palette shows and which outcomes it can take.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute : Attribute
{
    /// <summary>The type name stored in every definition. Defaults to the class name; pin it before renaming a class.</summary>
    public string? Type { get; set; }

    public string Category { get; set; } = "Miscellaneous";

    public string? DisplayName { get; set; }

    /// <summary>For the person drawing the flow; for Calico steps, the runbook section it implements.</summary>
    public string? Description { get; set; }

    /// <summary>Outcome names, in the order the designer draws the branches.</summary>
    public string[] Outcomes { get; set; } = [ActivityResult.Done];
}
