using System.CommandLine;
using System.Net.Http;

namespace Saga.Host.Cli;

/// <summary>
/// <c>saga health --url URL</c>: asks a health endpoint and exits 0 when it answers 2xx, 1 otherwise, for container
/// healthchecks (the runtime image has no curl).
/// </summary>
internal static class HealthCommand
{
    public const int Unhealthy = 1;

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The endpoint, e.g. http://127.0.0.1:5080/health/ready.", Required = true };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long to wait for the answer.", DefaultValueFactory = _ => TimeSpan.FromSeconds(5) };
        var command = new Command("health", """
            Asks a saga health endpoint (/health/ready, /health/live); exit 0 when healthy, 1 when not.

            For container healthchecks: 'saga health --url http://127.0.0.1:5080/health/ready'. Prints the answer
            (a line per check) on standard output, or why there was none on standard error.
            """) { url, timeout };
        command.SetAction((parse, ct) => CheckAsync(parse.GetRequiredValue(url), parse.GetValue(timeout), ct));
        return command;
    }

    private static async Task<int> CheckAsync(string address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"saga: --url '{address}' is not an http(s) address.");
            return ExitCodes.BadInput;
        }

        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await Console.Out.WriteAsync(body.EndsWith('\n') || body.Length == 0 ? body : body + "\n");
            if (response.IsSuccessStatusCode)
                return ExitCodes.Done;
            await Console.Error.WriteLineAsync($"saga: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            return Unhealthy;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"saga: no answer from {url}: {ex.Message}");
            return Unhealthy;
        }
    }
}
