using System.Reflection;
using Saga.Engine.Persistence;

namespace Saga.Engine.Tests.Persistence;

/// <summary>The checkpoint writes columns by name; a column added to instances must be written by it or be declared create-only.</summary>
public sealed class CheckpointWriterTests
{
    [Fact]
    public void EveryInstanceColumn_IsWrittenByTheCheckpointOrDeclaredCreateOnly()
    {
        var columns = typeof(InstanceRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();

        var forgotten = columns.Except(CheckpointWriter.RunState).Except(CheckpointWriter.CreateOnly).ToList();

        Assert.True(forgotten.Count == 0,
            $"{string.Join(", ", forgotten)}: neither written by CheckpointWriter.RunState nor listed in CheckpointWriter.CreateOnly; add each to one of them.");
        Assert.Empty(CheckpointWriter.RunState.Intersect(CheckpointWriter.CreateOnly));
        Assert.Empty(CheckpointWriter.RunState.Concat(CheckpointWriter.CreateOnly).Except(columns)); // no stale names either
    }
}
