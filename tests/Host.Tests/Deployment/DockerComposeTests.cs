using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Host.Cli;
using Saga.Host.Messaging;
using Saga.Tests;
using YamlDotNet.RepresentationModel;

namespace Saga.Host.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot run here (no Docker engine), so it is read: the services are there, wired as intended,
/// and every setting it gives saga is a key saga really reads in that process's role.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = Path.GetDirectoryName(RepositoryScripts.Find("docker-compose.yml"))!;

    private static YamlMappingNode Services { get; } = LoadServices();

    [Fact]
    public void Compose_has_rabbitmq_with_its_management_ui_postgres_the_host_and_two_workers()
    {
        Assert.Equal(["host", "postgres", "rabbitmq", "worker-1", "worker-2"], Services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Contains("management", Scalar(Service("rabbitmq"), "image"), StringComparison.Ordinal);
        Assert.Contains(Sequence(Service("rabbitmq"), "ports"), p => p.EndsWith(":15672", StringComparison.Ordinal));
        Assert.StartsWith("postgres:", Scalar(Service("postgres"), "image"), StringComparison.Ordinal);
        Assert.Equal("serve", Sequence(Service("host"), "command")[0]);
        Assert.Equal("worker", Sequence(Service("worker-1"), "command")[0]);
        Assert.Equal("worker", Sequence(Service("worker-2"), "command")[0]);
        Assert.True(File.Exists(Path.Combine(Root, Scalar(Service("host"), "build"), "Dockerfile")), "the host's build context has no Dockerfile");
    }

    [Theory]
    [InlineData("host", "--urls")]
    [InlineData("worker-1", "--health-urls")]
    [InlineData("worker-2", "--health-urls")]
    public void Every_saga_container_is_checked_with_saga_health_on_the_readiness_probe_it_serves(string service, string listenOption)
    {
        var command = Sequence(Service(service), "command");
        var listen = new Uri(command[command.IndexOf(listenOption) + 1]);
        var test = Sequence((YamlMappingNode)Service(service).Children[new YamlScalarNode("healthcheck")], "test");

        Assert.Equal(["CMD", "/app/saga", "health", "--url"], test[..4]);
        var probe = new Uri(test[4]);
        Assert.Equal(("127.0.0.1", listen.Port, "/health/ready"), (probe.Host, probe.Port, probe.AbsolutePath));
    }

    [Fact]
    public void Compose_publishes_only_on_loopback()
    {
        foreach (var (name, service) in Services.Children.Select(p => (p.Key.ToString(), (YamlMappingNode)p.Value)))
        {
            if (service.Children.ContainsKey(new YamlScalarNode("ports")))
                Assert.All(Sequence(service, "ports"), p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("host")]
    [InlineData("worker-1")]
    [InlineData("worker-2")]
    public void Every_setting_compose_gives_saga_is_a_key_that_process_reads(string service)
    {
        var environment = Environment(Service(service));
        var role = Sequence(Service(service), "command")[0] == "serve" ? BusRole.Server : BusRole.Worker;

        var read = KeysRead(role, environment);

        Assert.NotEmpty(environment);
        Assert.All(environment.Keys, key => Assert.True(read.Contains(key, StringComparer.OrdinalIgnoreCase), $"{service} sets {key.Replace(":", "__", StringComparison.Ordinal)}, which saga does not read"));
    }

    [Fact]
    public void A_misspelt_setting_is_not_among_the_keys_read()
    {
        var read = KeysRead(BusRole.Worker, new Dictionary<string, string> { ["Saga:Bus:RabbitMq:Hostname"] = "rabbitmq", ["Saga:Bus:RabbitMq:Host"] = "rabbitmq" });

        Assert.Contains("Saga:Bus:RabbitMq:Host", read, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("Saga:Bus:RabbitMq:Hostname", read, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Composes the process as saga does, binds every options class of saga's, and returns the keys read.</summary>
    private static IReadOnlyCollection<string> KeysRead(BusRole role, IReadOnlyDictionary<string, string> environment)
    {
        var recording = new RecordingConfiguration(environment);
        var services = role == BusRole.Server ? ServeCommand.CreateBuilder(null, recording).Services : CliHost.CreateBuilder(role, recording).Services;
        using var provider = services.BuildServiceProvider();
        var optionsTypes = services.Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("Saga", StringComparison.Ordinal) == true)
            .Distinct();
        foreach (var type in optionsTypes)
        {
            var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
            _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
        }

        return recording.Read;
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Children[new YamlScalarNode(name)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    /// <summary>The service's environment as configuration keys (<c>Saga__Bus__Transport</c> is <c>Saga:Bus:Transport</c>).</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service.Children[new YamlScalarNode("environment")]).Children
        .ToDictionary(p => p.Key.ToString().Replace("__", ":", StringComparison.Ordinal), p => ((YamlScalarNode)p.Value).Value ?? "");

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml")))
            yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
    }
}
