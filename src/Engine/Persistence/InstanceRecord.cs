using Saga.Engine.Instances;

namespace Saga.Engine.Persistence;

/// <summary>A workflow instance: where it stands, its variables, its bookmark and fault, and who drives it.</summary>
internal sealed class InstanceRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public required string DefinitionVersionId { get; set; }

    public int DefinitionVersion { get; set; }

    public string? Name { get; set; }

    public string? CorrelationId { get; set; }

    public string? ParentInstanceId { get; set; }

    public InstanceStatus Status { get; set; }

    /// <summary>The activity to run next (or running now, or faulted, or waiting on its bookmark).</summary>
    public string? CurrentActivityId { get; set; }

    public string VariablesJson { get; set; } = "{}";

    public string? BookmarkName { get; set; }

    /// <summary>The bookmark is triggered by a resume too (fan-ins), not only by its own messages.</summary>
    public bool BookmarkResumesOnRun { get; set; }

    /// <summary>Payload of a triggered bookmark, kept until the resumed activity has checkpointed.</summary>
    public string? ResumePayloadJson { get; set; }

    public string? FaultActivityId { get; set; }

    public string? FaultMessage { get; set; }

    public string? FaultType { get; set; }

    public bool CancelRequested { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastExecutedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? FaultedAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseAcquiredAt { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>How many remote commands of this instance the journal keeps (<see cref="CommandRecord"/>), up to <see cref="EngineOptions.CommandsPerInstance"/>.</summary>
    public int CommandsKept { get; set; }

    /// <summary>Bumped by every write; a writer holding an older value lost the instance to someone else.</summary>
    public long ConcurrencyToken { get; set; }
}
