namespace Saga.Engine.Persistence;

/// <summary>The database behind the store, chosen by <c>Saga:Store:Provider</c>.</summary>
internal enum StoreProvider
{
    /// <summary>A SQLite file (the default): one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database that several hosts share.</summary>
    PostgreSql,
}
