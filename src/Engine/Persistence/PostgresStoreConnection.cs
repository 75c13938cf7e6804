using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Saga.Engine.Persistence;

/// <summary>A PostgreSQL database that several hosts share; EF Core creates it when missing and the user may.</summary>
internal sealed class PostgresStoreConnection : StoreConnection
{
    public PostgresStoreConnection(string connectionString)
        : base(connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var server = host.Contains(',', StringComparison.Ordinal) ? host : $"{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
        var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        // The database defaults to the user's name, as the server's does.
        Location = $"postgresql://{user}{server}/{builder.Database ?? builder.Username}";
    }

    public override string Location { get; }

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);
}
