using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Host.Messaging;
using Saga.Host.Web;
using Saga.Host.Web.Security;

namespace Saga.Host.Cli;

/// <summary><c>saga serve</c>: the long-running host: HTTP API, bus commands, and (by default) compute node work.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen; several separated by ';'. Default Saga:Serve:Urls, else 127.0.0.1 on Saga:Serve:Port ({DefaultUrls}). Listening beyond 127.0.0.1 is a choice to make on purpose: over HTTPS (Kestrel:Endpoints with a certificate), or plain HTTP only with Saga:Serve:AllowPlainHttp=true; Saga:Serve:AllowedHosts then names the host.",
        };
        var command = new Command("serve", """
            Runs the host: designer, HTTP API, bus commands, node work; until Ctrl+C or SIGTERM.

            It serves the designer (/designer), the Elsa 2 API it uses (/elsa/v1), the
            operations API (/api), the commands other systems send on the bus (start, resume, cancel, approve), the
            fan-out's fan-in, and compute node work unless Saga:Bus:RunNodesHere is false. Reading runs and changing
            anything over HTTP need the API key (header X-Api-Key); without Saga:Api:Key the first start creates one
            and prints it once.
            Downgrades left running, or waiting on their nodes, by a host that stopped are resumed when it starts.
            """) { urls };
        command.SetAction((parse, ct) => CliHost.RunAsync(() => Build(parse.GetValue(urls)), async (services, token) =>
        {
            services.GetRequiredService<ApiKeys>().EnsureCreated();
            return await PrintAddressesThenWaitAsync(services, address => $"Listening on {address}; the designer is at {address.TrimEnd('/')}/designer/", token);
        }, StoreUse.Awaited, ct));
        return command;
    }

    /// <summary>Prints a <paramref name="line"/> for each address the web host listens on, then runs until stopped.</summary>
    public static Task<int> PrintAddressesThenWaitAsync(IServiceProvider services, Func<string, string> line, CancellationToken cancellationToken)
    {
        foreach (var address in services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            Console.WriteLine(line(address));
        return CliHost.UntilStoppedAsync(cancellationToken);
    }

    private static WebApplication Build(string? urls)
    {
        var app = CreateBuilder(urls).Build();
        app.MapSagaWeb();
        return app;
    }

    /// <summary>The web host's builder; <paramref name="overrides"/> is read last (tests).</summary>
    public static WebApplicationBuilder CreateBuilder(string? urls, IConfigurationSource? overrides = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        CliHost.Compose(builder, BusRole.Server, overrides: overrides);
        var listen = ListenUrls(urls, builder.Configuration);
        ListenAddresses.Check(listen, builder.Configuration);
        // Kestrel's own configuration (Kestrel:Endpoints with a certificate) gives HTTPS; UseKestrelCore alone reads none.
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration()
            .ConfigureKestrel(kestrel => kestrel.Configure(builder.Configuration.GetSection("Kestrel"), reloadOnChange: false))
            .UseUrls(listen);
        builder.Services.AddOptions<ServeOptions>().Bind(builder.Configuration.GetSection(ServeOptions.SectionName));
        builder.Services.AddSagaWeb(builder.Configuration);
        return builder;
    }

    /// <summary><c>--urls</c>, else <c>Saga:Serve:Urls</c>, else 127.0.0.1 on <c>Saga:Serve:Port</c> (5080): loopback unless said otherwise.</summary>
    public static string ListenUrls(string? urls, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(urls))
            return urls;
        if (configuration["Saga:Serve:Urls"] is { Length: > 0 } configured)
            return configured;
        if (configuration["Saga:Serve:Port"] is not { Length: > 0 } port)
            return DefaultUrls;
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw new InvalidDataException($"Saga:Serve:Port is '{port}'; a port is a number from 1 to 65535.");
        return $"http://127.0.0.1:{number}";
    }
}
