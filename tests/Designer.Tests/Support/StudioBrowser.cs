using Microsoft.Playwright;

namespace Saga.Designer.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (never a browser of Playwright's own), headless, in a fresh profile. Every
/// request that is not for 127.0.0.1 is blocked and kept in <see cref="Blocked"/>: nothing the pages load may leave the machine.
/// </summary>
internal sealed class StudioBrowser : IAsyncDisposable
{
    /// <summary>The browser binary: <c>SAGA_CHROMIUM</c>, else Debian's (scripts/chromium installs it).</summary>
    public static string Executable { get; } = Environment.GetEnvironmentVariable("SAGA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly string profile;

    private StudioBrowser(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        this.playwright = playwright;
        this.profile = profile;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Requests that tried to leave 127.0.0.1.</summary>
    public List<string> Blocked { get; } = [];

    /// <summary>Uncaught page errors, failed requests and Content-Security-Policy violations, for assertions and failure messages.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<StudioBrowser> StartAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"No browser at {Executable}: run scripts/chromium (installs Debian's chromium) or set SAGA_CHROMIUM.");
        var profile = Directory.CreateTempSubdirectory("saga-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1440, Height = 960 },
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var session = new StudioBrowser(playwright, context, page, profile);
        await context.RouteAsync("**/*", async route =>
        {
            if (Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var uri) && uri.Host == "127.0.0.1")
            {
                await route.ContinueAsync();
                return;
            }

            lock (session.Blocked)
                session.Blocked.Add(route.Request.Url);
            await route.AbortAsync();
        });
        page.PageError += (_, error) => session.Record("page error: " + error);
        page.Console += (_, message) =>
        {
            // A blocked script, style, font, image or worker: the Content-Security-Policy is too strict for the studio.
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                session.Record($"CSP ({message.Type}): {message.Text}");
        };
        page.Response += (_, response) =>
        {
            // The studio asks for a user menu we do not have; a 404 there hides the menu, as Elsa's own server does.
            if (response.Status >= 400 && !response.Url.Contains("/elsaAuthentication/userinfo", StringComparison.Ordinal))
                session.Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
        page.SetDefaultTimeout(30_000);
        return session;
    }

    /// <summary>Saves a full-page screenshot as an artifact: <c>artifacts/screenshots/designer/NAME.png</c>.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Artifacts.Screenshots, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Runs a test's steps; when they fail, keeps a screenshot <c>NAME-failed.png</c> of where they stopped, then lets the failure go on.</summary>
    public async Task RunAsync(string name, Func<Task> steps)
    {
        var failed = true;
        try
        {
            await steps();
            failed = false;
        }
        finally
        {
            if (failed)
                await TryScreenshotAsync(name + "-failed");
        }
    }

    /// <summary>Keeps the API key in the tab, as an operator does in the key field at the bottom left.</summary>
    public async Task EnterApiKeyAsync(string key)
    {
        await Page.Locator("[data-saga=key]").FillAsync(key);
        await Page.Locator("[data-saga=use-key]").ClickAsync();
        await Page.Locator("[data-saga=key-set]").WaitForAsync();
    }

    private async Task TryScreenshotAsync(string name)
    {
        try
        {
            await ScreenshotAsync(name);
        }
        catch (PlaywrightException)
        {
            // The page may be gone (a crash, a closed context); the test's own failure is what matters.
        }
    }

    /// <summary>Nothing left the machine, nothing failed.</summary>
    public void AssertClean()
    {
        Assert.True(Blocked.Count == 0, "requests tried to leave the machine: " + Describe());
        Assert.True(Errors.Count == 0, Describe());
    }

    public string Describe() => $"blocked: {string.Join(", ", Blocked)}\nerrors:\n{string.Join("\n", Errors)}";

    private void Record(string error)
    {
        lock (Errors)
            Errors.Add(error);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
