using Microsoft.Extensions.Configuration;

namespace Saga.Host.Cli;

/// <summary>
/// The SQLite store when none is configured: <c>saga.db</c> in the state directory (<see cref="StateDirectory"/>), so
/// every command finds the same store wherever it is started. Earlier versions used <c>./saga.db</c>; a user who still
/// has one in the current directory is told where the store is now and how to keep using the old one.
/// </summary>
internal static class DefaultStore
{
    private const string ConnectionStringKey = "ConnectionStrings:Saga";
    private const string ProviderKey = "Saga:Store:Provider";
    public static void Apply(IConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringKey]))
            return;
        if (configuration[ProviderKey] is { Length: > 0 } provider && !provider.Trim().Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return; // another provider without a connection string: the engine refuses it, naming the key
        configuration[ConnectionStringKey] = $"Data Source={StateDirectory.DefaultStore}";
        var old = Path.GetFullPath(StateDirectory.StoreFileName);
        if (File.Exists(old) && old != StateDirectory.DefaultStore)
        {
            Console.Error.WriteLine(
                $"saga: note: ./{StateDirectory.StoreFileName} here is not used; the store is {StateDirectory.DefaultStore} unless ConnectionStrings:Saga says otherwise. " +
                $"To keep using this one: export ConnectionStrings__Saga='Data Source={old}' (or move it, with its -wal and -shm files, there while no saga runs).");
        }
    }
}
