using Microsoft.Data.Sqlite;

namespace Saga.Engine.Persistence;

/// <summary>SQLite failures in an operator's words (result codes from sqlite.org/rescode.html).</summary>
internal static class SqliteErrors
{
    private const int Constraint = 19;

    public static string Describe(SqliteException e, string store) => e.SqliteErrorCode switch
    {
        5 or 6 => $"The store {store} is locked by another process (SQLite: {e.Message.TrimEnd('.')}). Wait for it to finish, or stop it.",
        11 or 26 => $"The store {store} is not a usable SQLite database ({e.Message.TrimEnd('.')}). Restore it from a backup, or point {StoreConnection.ConnectionStringKey} elsewhere.",
        14 => $"The store {store} cannot be opened ({e.Message.TrimEnd('.')}). Check the path and its permissions.",
        8 => $"The store {store} is read-only ({e.Message.TrimEnd('.')}). Check the file's permissions.",
        13 => $"The disk holding the store {store} is full; what was written before is kept. Free some space, then try again ('saga resume ID' continues a run).",
        _ => $"The store {store} failed: {e.Message}",
    };

    /// <summary>A constraint refused the write (a unique key taken meanwhile).</summary>
    public static bool IsConstraintViolation(Exception? e) => e is SqliteException { SqliteErrorCode: Constraint };
}
