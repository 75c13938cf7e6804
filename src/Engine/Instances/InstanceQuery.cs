namespace Saga.Engine.Instances;

/// <summary>Which instances to list, in which order, and which page of them (<see cref="IWorkflowInstances.QueryAsync"/>).</summary>
public sealed record InstanceQuery
{
    /// <summary>Only instances of this definition; null means every definition.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>Only instances in this status; null means every status.</summary>
    public InstanceStatus? Status { get; init; }

    /// <summary>Only instances with this correlation id; null means any.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Text found, ignoring case, in the id, name, correlation id or definition id; null or blank matches all.</summary>
    public string? SearchTerm { get; init; }

    /// <summary>Child instances (a fan-out's nodes) too.</summary>
    /// <value>Default: false, top-level instances only.</value>
    public bool IncludeChildren { get; init; }

    /// <summary>The time to sort by, newest first.</summary>
    /// <value>Default: <see cref="InstanceOrder.Created"/>.</value>
    public InstanceOrder OrderBy { get; init; } = InstanceOrder.Created;

    /// <summary>How many matching instances to skip (page × page size).</summary>
    public int Skip { get; init; }

    /// <summary>How many to return at most.</summary>
    /// <value>Default: 25, as Elsa's instance list.</value>
    public int Take { get; init; } = 25;
}

/// <summary>The time an instance list is sorted by, newest first; names match the studio's <c>orderBy</c>.</summary>
public enum InstanceOrder
{
    /// <summary>When it was created (the studio's <c>Started</c>).</summary>
    Created,

    LastExecuted,

    Finished,
}

/// <summary>One page of a query, and how many instances match in all.</summary>
public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, int TotalCount);
