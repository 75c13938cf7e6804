using System.Net.Sockets;
using Npgsql;

namespace Saga.Engine.Persistence;

/// <summary>PostgreSQL failures in an operator's words (SQLSTATE codes from the server's "Errors and Messages" appendix).</summary>
internal static class PostgresErrors
{
    private const string IntegrityConstraintClass = "23";

    public static string Describe(NpgsqlException e, string store) => e switch
    {
        PostgresException p => p.SqlState switch
        {
            "28P01" or "28000" => $"The store {store} refused the login ({p.MessageText}). Check the user and password in {StoreConnection.ConnectionStringKey}.",
            "3D000" => $"The store {store} does not exist ({p.MessageText}). Create it, or point {StoreConnection.ConnectionStringKey} at one that does.",
            "42501" => $"The store {store} refused: {p.MessageText}. Grant the user that privilege, or create the database for it.",
            "53300" => $"The store {store} has no connection to spare ({p.MessageText}). Raise max_connections, or stop what holds them.",
            "57P01" or "57P02" or "57P03" => $"The store {store} is starting up or shutting down ({p.MessageText}). Try again when it runs.",
            "53100" => $"The disk holding the store {store} is full ({p.MessageText}).",
            _ => $"The store {store} failed: {p.MessageText} (SQLSTATE {p.SqlState}).",
        },
        _ when Find<SocketException>(e) is { } socket => $"The store {store} cannot be reached ({socket.Message}). Check that PostgreSQL runs there and that {StoreConnection.ConnectionStringKey} names its host and port.",
        _ when Find<TimeoutException>(e) is not null => $"The store {store} did not answer in time. Check that PostgreSQL runs there and the network between.",
        _ => $"The store {store} failed: {e.Message}",
    };

    /// <summary>
    /// The server could not be reached or is going down or coming up: a write that failed so may succeed once it
    /// answers again. Connection errors (class 08), admin or crash shutdown and "cannot connect now" (57P01-57P03), no
    /// connection to spare (53300), and the client's own transient failures (socket, stream, timeout).
    /// </summary>
    public static bool IsTransient(NpgsqlException e) => e switch
    {
        PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        _ => e.IsTransient || Find<IOException>(e) is not null || Find<SocketException>(e) is not null || Find<TimeoutException>(e) is not null,
    };

    /// <summary>A constraint refused the write (a unique key taken meanwhile): SQLSTATE class 23, as SQLite's SQLITE_CONSTRAINT.</summary>
    public static bool IsConstraintViolation(Exception? e) =>
        e is PostgresException p && p.SqlState.StartsWith(IntegrityConstraintClass, StringComparison.Ordinal);

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }

        return null;
    }
}
