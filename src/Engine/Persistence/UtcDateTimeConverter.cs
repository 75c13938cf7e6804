using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Saga.Engine.Persistence;

/// <summary>
/// Every time in the store is UTC, on both providers: PostgreSQL's <c>timestamp with time zone</c> takes only
/// <see cref="DateTimeKind.Utc"/> values, and SQLite's text comes back without a kind. The engine's times come from
/// <see cref="TimeProvider.GetUtcNow"/>, so a value without a kind is UTC already.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => ToUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
