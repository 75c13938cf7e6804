using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Bus;

/// <summary>saga trigger when it cannot send: one clear line, the right exit code, nothing sent.</summary>
public sealed class TriggerTests
{
    [Fact]
    public async Task Trigger_without_RabbitMq_configured_says_which_setting_it_needs()
    {
        using var workspace = new Workspace();

        var trigger = await workspace.RunAsync("trigger", "resume", Guid.NewGuid().ToString("N"));

        Assert.Equal(2, trigger.ExitCode);
        Assert.Contains("set Saga:Bus:Transport=RabbitMq", trigger.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.StorePath), "trigger needs no store and must not create one");
    }

    [Fact]
    public async Task Trigger_with_the_broker_unreachable_gives_up_after_its_timeout_and_says_nothing_was_sent()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Bus__Transport"] = "RabbitMq";
        workspace.Environment["Saga__Bus__RabbitMq__Host"] = "127.0.0.1";
        workspace.Environment["Saga__Bus__RabbitMq__Port"] = "1";
        workspace.Environment["Saga__Bus__RabbitMq__Timeout"] = "00:00:03";
        workspace.Environment["SAGA_BUS_KEY_ID"] = "ops";
        workspace.Environment["SAGA_BUS_KEY"] = "ops-command-key-0123456789abcdef0123456789";

        var trigger = await workspace.RunAsync("trigger", "cancel", Guid.NewGuid().ToString("N"));

        Assert.Equal(5, trigger.ExitCode);
        Assert.Contains("RabbitMQ at 127.0.0.1:1/ did not take the message within 3.00s; nothing was sent.", trigger.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_start_refuses_a_bad_inventory_before_sending_it()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Bus__Transport"] = "RabbitMq";
        workspace.Environment["Saga__Bus__RabbitMq__Port"] = "1";
        var inventory = workspace.Write("broken.yaml", "nodes: [");

        var trigger = await workspace.RunAsync("trigger", "start", "-i", inventory);

        Assert.Equal(2, trigger.ExitCode);
        Assert.Contains("broken.yaml:2:1", trigger.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", trigger.Stderr, StringComparison.Ordinal);
    }
}
