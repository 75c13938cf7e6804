using Microsoft.Data.Sqlite;

namespace Saga.Engine.Persistence;

/// <summary>The store cannot be used (locked, corrupt, unreadable); the message says which and where.</summary>
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

    /// <summary>Describes a database failure for an operator, or returns null when it is not one.</summary>
    public static StoreUnavailableException? From(Exception exception, string store)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
                return new StoreUnavailableException(Describe(sqlite, store), exception);
        }

        return null;
    }

    private static string Describe(SqliteException e, string store) => e.SqliteErrorCode switch
    {
        5 or 6 => $"The store {store} is locked by another process (SQLite: {e.Message.TrimEnd('.')}). Wait for it to finish, or stop it.",
        11 or 26 => $"The store {store} is not a usable SQLite database ({e.Message.TrimEnd('.')}). Restore it from a backup, or point ConnectionStrings:Saga elsewhere.",
        14 => $"The store {store} cannot be opened ({e.Message.TrimEnd('.')}). Check the path and its permissions.",
        8 => $"The store {store} is read-only ({e.Message.TrimEnd('.')}). Check the file's permissions.",
        13 => $"The disk holding the store {store} is full.",
        _ => $"The store {store} failed: {e.Message}",
    };
}
