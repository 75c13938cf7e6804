using System.CommandLine;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Contracts;
using Saga.Host.Messaging;
using Saga.Host.Runs;

namespace Saga.Host.Cli;

/// <summary><c>saga trigger ...</c>: sends a command to the hosts over RabbitMQ, for users with no publisher of their own.</summary>
internal static class TriggerCommand
{
    public const string KeyIdVariable = "SAGA_BUS_KEY_ID";
    public const string KeyVariable = "SAGA_BUS_KEY";

    public static Command Create() => new("trigger", """
        Sends start, resume, cancel, approve or restore to the 'saga serve' hosts over RabbitMQ.

        The command goes to the queue saga-commands; saga returns once the broker has it. The hosts run it; follow it with 'saga status ID' against the shared store, or by the events they
        publish. A refused command (bad inventory, unknown instance, a restore of a run that has not ended) is answered with a CommandRejected event.
        Needs Saga:Bus:Transport=RabbitMq, and the command key to sign with: SAGA_BUS_KEY_ID names it and
        SAGA_BUS_KEY holds it, as the hosts hold it in Saga:Bus:CommandKeys:NAME.

        Exit codes: 0 sent, 2 bad input, 5 the broker is unreachable or did not confirm.
        """)
    {
        Start(), Resume(), Cancel(), Approve(), Restore(),
    };

    private static Command Start()
    {
        var options = new InventoryOptions();
        var name = new Option<string?>("--name") { Description = "A name for the instance; default the inventory file's name." };
        var command = new Command("start", "Starts a downgrade of the inventory's cluster on a host; prints the new instance's id.");
        options.AddTo(command);
        command.Add(options.Force);
        command.Add(name);
        command.SetAction((parse, ct) =>
        {
            var id = Guid.NewGuid().ToString("N");
            return SendAsync(() =>
            {
                var file = parse.GetRequiredValue(options.Inventory);
                options.Load(parse); // refuse a bad inventory here, before it travels
                return new StartDowngrade(id, File.ReadAllText(file.FullName), parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name),
                    parse.GetValue(options.Parallel), parse.GetValue(options.Canary), parse.GetValue(options.MaxFailures), file.DirectoryName,
                    parse.GetValue(options.Force));
            }, $"Sent StartDowngrade for instance {id}.", ct);
        });
        return command;
    }

    private static Command Resume() => ForInstance("resume", "Resumes an interrupted or faulted downgrade on a host.", id => new ResumeDowngrade(id));

    private static Command Cancel() => ForInstance("cancel", "Cancels a downgrade and its unfinished compute nodes.", id => new CancelDowngrade(id));

    private static Command Approve()
    {
        var id = SagaCli.InstanceId("The downgrade waiting for approval.");
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approve." };
        var by = new Option<string?>("--by") { Description = "Who decides, kept as a comment; the journal records the signing key as who decided. Default: the current user." };
        var comment = new Option<string?>("--comment") { Description = "Why; kept in the journal." };
        var command = new Command("approve", "Approves (or rejects) the approval a downgrade waits on.") { id, reject, by, comment };
        command.SetAction((parse, ct) =>
        {
            var message = new DecideApproval(parse.GetRequiredValue(id), !parse.GetValue(reject), parse.GetValue(by) ?? Environment.UserName, parse.GetValue(comment));
            return SendAsync(() => message, $"Sent DecideApproval ({(message.Approved ? "approve" : "reject")}) for instance {message.InstanceId}.", ct);
        });
        return command;
    }

    private static Command Restore()
    {
        var id = SagaCli.InstanceId("The downgrade run whose nodes go back.");
        var nodes = new Option<string[]>("--node") { Description = "A node to restore (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "Every node the run changed, control nodes last; first the etcdv3 data it deleted, last the Ready flag." };
        var command = new Command("restore", "Restores nodes of a run to Calico 3.1 on a host, as 'saga restore' does; prints the restore's id.") { id, nodes, all };
        command.SetAction((parse, ct) =>
        {
            var names = parse.GetValue(nodes) ?? [];
            var restoreId = Guid.NewGuid().ToString("N");
            return SendAsync(() =>
            {
                if (RestoreRequests.Refusal(names, parse.GetValue(all)) is not null)
                    throw new InvalidDataException("saga trigger restore: say either --node NAME (repeatable) or --all");
                return new RestoreNodes(parse.GetRequiredValue(id), restoreId, names.Length == 0 ? null : names, parse.GetValue(all));
            }, $"Sent RestoreNodes for run {parse.GetRequiredValue(id)}: restore {restoreId}.", ct);
        });
        return command;
    }

    private static Command ForInstance<T>(string name, string description, Func<string, T> create)
        where T : class, ISignedCommand
    {
        var id = SagaCli.InstanceId("The downgrade.");
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => SendAsync(() => create(parse.GetRequiredValue(id)), $"Sent {typeof(T).Name} for instance {parse.GetRequiredValue(id)}.", ct));
        return command;
    }

    /// <param name="message">Makes the message; what it throws (a refused inventory) is reported like any command's bad input.</param>
    /// <param name="sent">What to print once the broker has it.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    private static Task<int> SendAsync<T>(Func<T> message, string sent, CancellationToken cancellationToken)
        where T : class, ISignedCommand => CliHost.RunAsync(BuildSender, async (services, token) =>
    {
        var options = services.GetRequiredService<IOptions<BusOptions>>().Value;
        if (options.Transport != BusTransport.RabbitMq)
            throw new InvalidDataException("saga trigger sends to other processes over RabbitMQ: set Saga:Bus:Transport=RabbitMq (and Saga:Bus:RabbitMq:Host).");
        var unsigned = message(); // a bad inventory is named before anything else
        var (keyId, key) = SigningKey();
        var command = CommandSignature.Sign(unsigned, keyId, key, TimeProvider.System.GetUtcNow());
        var broker = options.RabbitMq;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(broker.Timeout);
        try
        {
            var endpoint = await services.GetRequiredService<ISendEndpointProvider>().GetSendEndpoint(new Uri($"queue:{Queues.Commands}"));
            await endpoint.Send(command, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"saga: RabbitMQ at {broker.Host}:{broker.Port}{broker.VirtualHost} did not take the message within {Formats.Duration(broker.Timeout)}; nothing was sent.");
            return ExitCodes.Unavailable;
        }

        Console.WriteLine(sent);
        return ExitCodes.Done;
    }, StoreUse.None, cancellationToken);

    /// <summary>The key commands are signed with: <c>SAGA_BUS_KEY_ID</c> names it, <c>SAGA_BUS_KEY</c> is it (the hosts hold it as Saga:Bus:CommandKeys:ID).</summary>
    private static (string KeyId, string Key) SigningKey()
    {
        var keyId = Environment.GetEnvironmentVariable(KeyIdVariable);
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(key))
        {
            throw new InvalidDataException(
                $"saga trigger signs its commands: set {KeyIdVariable} to the key's name and {KeyVariable} to the key, as the hosts hold it in Saga:Bus:CommandKeys:NAME.");
        }

        return (keyId, key);
    }

    private static IHost BuildSender()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        CliHost.Compose(builder, BusRole.Sender, engine: false);
        return builder.Build();
    }
}
