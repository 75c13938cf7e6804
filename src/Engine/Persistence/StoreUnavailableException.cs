using Microsoft.Data.Sqlite;
using Npgsql;

namespace Saga.Engine.Persistence;

/// <summary>The store cannot be used (locked, corrupt, unreachable, refused the login); the message says which and where.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The store did not answer (a server restarting, the network between): trying again once it answers may succeed.
    /// The runner itself waits such failures out; callers with a retry policy of their own can use this as its filter.
    /// </summary>
    public static bool IsTransient(Exception exception) => StoreOutage.IsTransient(exception);

    /// <summary>Describes a database failure for an operator, or returns null when it is not one.</summary>
    /// <param name="exception">What was thrown; its inner exceptions are searched too.</param>
    /// <param name="store">Where the store is (<see cref="ISagaStore.Location"/>), never the connection string.</param>
    public static StoreUnavailableException? From(Exception exception, string store)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = e switch
            {
                SqliteException sqlite => SqliteErrors.Describe(sqlite, store),
                NpgsqlException npgsql => PostgresErrors.Describe(npgsql, store),
                _ => null,
            };
            if (message is not null)
                return new StoreUnavailableException(message, exception);
        }

        return null;
    }
}
