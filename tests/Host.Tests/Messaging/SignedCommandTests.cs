using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Saga.Contracts;
using Saga.Host.Messaging;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Messaging;

/// <summary>
/// Commands on saga-commands are taken only when signed with a key the host holds, recently, once. What the attacks
/// look like over a real broker is in RabbitMqDowngradeTests; here each rule alone.
/// </summary>
public sealed class SignedCommandTests
{
    private const string KeyId = "ops";
    private const string Key = "ops-command-key-0123456789abcdef0123456789";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_command_signed_with_a_key_the_host_holds_is_accepted_and_names_the_key()
    {
        var verdict = Verifier().Verify(Signed(new ResumeDowngrade(Id)));

        Assert.Equal(new CommandVerdict(true, KeyId, null), verdict);
    }

    [Fact]
    public void Verify_unsigned_command_on_RabbitMq_is_refused()
    {
        var verdict = Verifier().Verify(new StartDowngrade(Id, "nodes: []"));

        Assert.False(verdict.Accepted);
        Assert.Equal("it is not signed (KeyId, IssuedAt, Nonce and Signature are required)", verdict.Reason);
    }

    [Fact]
    public void Verify_unsigned_command_on_the_in_memory_bus_without_keys_is_accepted_but_not_once_keys_are_set()
    {
        var command = new CancelDowngrade(Id);

        Assert.True(Verifier(BusTransport.InMemory, keys: new()).Verify(command).Accepted);
        Assert.False(Verifier(BusTransport.InMemory).Verify(command).Accepted);
    }

    [Fact]
    public void Verify_any_field_changed_after_signing_is_refused()
    {
        var signed = Signed(new StartDowngrade(Id, "nodes: []", Name: "staging"));

        Assert.True(Verifier().Verify(signed).Accepted);
        Assert.All(new ISignedCommand[]
        {
            signed with { Inventory = "calicoctl: { installPath: /etc/cron.d/x }" },
            signed with { Name = "production" },
            signed with { BaseDirectory = "/" },
            signed with { Parallel = 50 },
            signed with { InstanceId = Guid.NewGuid().ToString("N") },
            signed with { IssuedAt = signed.IssuedAt + 1 },
            signed with { Nonce = "0123456789abcdef0123456789abcdef" },
            signed with { KeyId = "other" },
        }, forged => Assert.False(Verifier(keys: new() { [KeyId] = Key, ["other"] = Key }).Verify(forged).Accepted, CommandSignature.Canonical(forged)));
    }

    [Fact]
    public void Verify_signed_with_a_revoked_or_wrong_key_is_refused()
    {
        var signed = Signed(new CancelDowngrade(Id));

        var revoked = Verifier(keys: new() { ["other"] = Key }).Verify(signed);
        var rotated = Verifier(keys: new() { [KeyId] = "ops-command-key-rotated-0123456789abcdef" }).Verify(signed);

        Assert.Equal("this host holds no command key 'ops'", revoked.Reason);
        Assert.Equal("its signature does not match key 'ops'", rotated.Reason);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Verify_command_issued_more_than_five_minutes_from_the_host_clock_is_refused(int minutes)
    {
        var verdict = Verifier().Verify(CommandSignature.Sign(new CancelDowngrade(Id), KeyId, Key, Now.AddMinutes(minutes)));

        Assert.False(verdict.Accepted);
        Assert.Contains("more than 5 minutes from this host's clock", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_the_same_command_twice_is_refused_as_a_replay_until_it_would_be_too_old_anyway()
    {
        var time = new FakeTimeProvider(Now);
        var verifier = Verifier(time: time);
        var signed = Signed(new DecideApproval(Id, Approved: true));

        var first = verifier.Verify(signed);
        var replay = verifier.Verify(signed);
        time.Advance(TimeSpan.FromMinutes(6));
        var late = verifier.Verify(signed);

        Assert.True(first.Accepted);
        Assert.Equal("its nonce was used before (a replay); send a new command", replay.Reason);
        Assert.Contains("more than 5 minutes", late.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_gives_every_command_a_nonce_of_its_own()
    {
        var one = Signed(new CancelDowngrade(Id));
        var two = Signed(new CancelDowngrade(Id));

        Assert.NotEqual(one.Nonce, two.Nonce);
        Assert.NotEqual(one.Signature, two.Signature);
    }

    [Fact]
    public async Task Serve_on_RabbitMq_without_a_command_key_refuses_to_start_and_says_why()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Bus__Transport"] = "RabbitMq";
        workspace.Environment["Saga__Bus__RabbitMq__Port"] = "1";

        var serve = await workspace.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("it needs at least one command key", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("Saga:Bus:CommandKeys:NAME", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_short_command_key_refuses_to_start()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Bus__Transport"] = "RabbitMq";
        workspace.Environment["Saga__Bus__RabbitMq__Port"] = "1";
        workspace.Environment["Saga__Bus__CommandKeys__ops"] = "short";

        var serve = await workspace.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("Saga:Bus:CommandKeys:ops has 5 characters; a command key needs at least 32", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_without_a_signing_key_says_which_variables_to_set_and_sends_nothing()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Bus__Transport"] = "RabbitMq";
        workspace.Environment["Saga__Bus__RabbitMq__Port"] = "1";

        var trigger = await workspace.RunAsync("trigger", "cancel", Id);

        Assert.Equal(2, trigger.ExitCode);
        Assert.Contains("set SAGA_BUS_KEY_ID to the key's name and SAGA_BUS_KEY to the key", trigger.Stderr, StringComparison.Ordinal);
    }

    private static string Id { get; } = Guid.NewGuid().ToString("N");

    private static T Signed<T>(T command)
        where T : class, ISignedCommand => CommandSignature.Sign(command, KeyId, Key, Now);

    private static CommandVerifier Verifier(BusTransport transport = BusTransport.RabbitMq, Dictionary<string, string>? keys = null, TimeProvider? time = null) =>
        new(Options.Create(new BusOptions { Transport = transport, CommandKeys = keys ?? new() { [KeyId] = Key } }), time ?? new FakeTimeProvider(Now));
}
