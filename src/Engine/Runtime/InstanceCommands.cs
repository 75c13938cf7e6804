using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>What is done to an instance without running it: create, answer its bookmark, rewind. (Cancel is <see cref="InstanceCancellation"/>.)</summary>
internal sealed class InstanceCommands(
    IDbContextFactory<SagaDbContext> contexts, RunNotifier notifier, IOptions<ReservedVariables> reserved, TimeProvider time, ILogger<WorkflowRunner> logger)
{
    public async Task<CreatedInstance> CreateAsync(
        string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var version = await db.Definitions.AsNoTracking()
                          .SingleOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken)
                      ?? throw new InstanceStateException($"Definition '{definitionId}' has no published version.");
        var definition = DefinitionJson.Parse(version.Json, $"definition '{definitionId}' version {version.Version}");
        var start = new Blueprint(definition).StartActivityId
                    ?? throw new InstanceStateException($"Definition '{definitionId}' version {version.Version} has no start activity.");

        // A version saved before a name was reserved is refused here; the caller's variables are its own to check.
        if (reserved.Value.Among(definition.ParseVariables().Keys) is [var taken, ..])
            throw new InstanceStateException($"Definition '{definitionId}' version {version.Version}: " + ReservedVariables.Refusal(taken, "a definition") + "; remove it in the designer and publish again.");

        var values = new JsonObject();
        foreach (var (name, value) in definition.ParseVariables())
            values[name] = JsonNode.Parse(value.GetRawText());
        foreach (var (name, value) in variables ?? new Dictionary<string, JsonElement>())
            values[name] = JsonNode.Parse(value.GetRawText());

        var record = new InstanceRecord
        {
            Id = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            DefinitionId = definitionId,
            DefinitionVersionId = version.Id,
            DefinitionVersion = version.Version,
            Name = options?.Name ?? definition.DisplayName ?? definition.Name,
            CorrelationId = options?.CorrelationId,
            ParentInstanceId = options?.ParentInstanceId,
            Status = InstanceStatus.Running,
            CurrentActivityId = start,
            VariablesJson = values.ToJsonString(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Instances.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (options?.InstanceId is { } given && IsKeyTaken(ex))
        {
            // Created before, or at this very instant by another caller (a redelivered message, a retried request):
            // the same instance, not a second one. Only the insert's key can clash, but look to be sure.
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await fresh.Instances.AnyAsync(i => i.Id == given, cancellationToken))
                throw;
            logger.LogInformation("Instance {InstanceId} exists already; not created again", given);
            return new CreatedInstance(given, Existed: true);
        }

        logger.LogInformation("Created instance {InstanceId} of {DefinitionId} version {Version}", record.Id, definitionId, version.Version);
        await notifier.CreatedAsync(record);
        return new CreatedInstance(record.Id, Existed: false);
    }

    public async Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        InstanceTransitions.EnsureWaitsOn(record, bookmark);
        InstanceTransitions.Resume(record, payload?.GetRawText() ?? "null");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new InstanceStateException($"Instance {instanceId} changed while '{bookmark}' was answered (another answer came first); this one was not taken.", ex);
        }

        logger.LogInformation("Answered {Bookmark} of instance {InstanceId}; it runs on at {ActivityId}", bookmark, instanceId, record.CurrentActivityId);
    }

    public async Task RewindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (InstanceTransitions.HasLiveLease(record, now))
            throw new InstanceLeasedException(record.Id, record.LeaseOwner!, record.LeaseAcquiredAt, record.LeaseExpiresAt);
        if (record.Status is not (InstanceStatus.Faulted or InstanceStatus.Running))
            throw new InstanceStateException($"Instance {record.Id} is {record.Status}; only a faulted or interrupted instance is rewound.");
        var version = await db.Definitions.AsNoTracking().SingleAsync(d => d.Id == record.DefinitionVersionId, cancellationToken);
        var start = new Blueprint(DefinitionJson.Parse(version.Json)).StartActivityId
                    ?? throw new InstanceStateException($"Instance {record.Id}'s definition has no start activity.");
        db.Journal.Add(InstanceTransitions.Rewind(record, start, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Rewound instance {InstanceId} to {ActivityId}", record.Id, start);
    }

    /// <summary>The instance, tracked; <see cref="InstanceNotFoundException"/> when there is none.</summary>
    public static async Task<InstanceRecord> LoadAsync(SagaDbContext db, string instanceId, CancellationToken cancellationToken) =>
        await db.Instances.SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
        ?? throw InstanceNotFoundException.For(instanceId);

    private static bool IsKeyTaken(DbUpdateException e) =>
        SqliteErrors.IsConstraintViolation(e.InnerException) || PostgresErrors.IsConstraintViolation(e.InnerException);
}
