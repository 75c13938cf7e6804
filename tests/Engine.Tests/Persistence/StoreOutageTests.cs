using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saga.Engine.Persistence;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Persistence;

public sealed class StoreOutageTests
{
    private static readonly NpgsqlException Down = new("the server went away", new SocketException((int)SocketError.ConnectionRefused));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answered_ByAnAttemptUnderWayBeforeTheOutageBegan_DoesNotEndIt_SoALaterFailureIsNotLoggedAsANewOutage()
    {
        var (outage, log) = Create();
        var early = outage.Now; // a renewal sent just before the server stopped

        await outage.WaitAsync(Down, 0, outage.Now, Ct); // another runner's attempt meets the stopped server
        outage.Answered(early); // the early renewal's answer arrives late
        await outage.WaitAsync(Down, 0, outage.Now, Ct); // the server is still down

        Assert.True(outage.IsOngoing);
        Assert.Equal(1, log.Count(LogLevel.Warning, "does not answer"));
        Assert.Equal(0, log.Count(LogLevel.Warning, "answers again"));
    }

    [Fact]
    public async Task Answered_ByAnAttemptStartedDuringTheOutage_EndsIt_AndALateFailureOfThatOutageIsNotANewOne()
    {
        var (outage, log) = Create();
        await outage.WaitAsync(Down, 0, outage.Now, Ct);
        var late = outage.Now; // under way while the server comes back

        outage.Answered(outage.Now);
        await outage.WaitAsync(Down, 1, late, Ct);

        Assert.False(outage.IsOngoing);
        Assert.Equal(1, log.Count(LogLevel.Warning, "does not answer"));
        Assert.Equal(1, log.Count(LogLevel.Warning, "answers again"));
    }

    private static (StoreOutage Outage, LogLines Log) Create()
    {
        var log = new LogLines();
        var factory = LoggerFactory.Create(b => b.AddProvider(log));
        return (new StoreOutage(new SqliteStoreConnection("Data Source=:memory:"), TimeProvider.System, factory.CreateLogger<StoreOutage>()), log);
    }
}
