using Microsoft.Playwright;

namespace Saga.Host.Tests.Support;

/// <summary>
/// Opens a report file in Debian's chromium, headless, in a fresh profile, as the designer's browser tests start it
/// (never a browser of Playwright's own). Any request the page makes is refused and kept in <see cref="Requests"/>:
/// a report is one self-contained file. Screenshots go to <c>artifacts/screenshots/report</c> (git-ignored), or
/// <c>SAGA_SCREENSHOTS</c>.
/// </summary>
internal sealed class ReportBrowser : IAsyncDisposable
{
    /// <summary>The browser binary: <c>SAGA_CHROMIUM</c>, else Debian's (scripts/chromium installs it).</summary>
    public static string Executable { get; } = Environment.GetEnvironmentVariable("SAGA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowserContext context;
    private readonly string profile;

    private ReportBrowser(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Every request the page made beyond the report file itself (none is let through).</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Where the screenshots go.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Environment.GetEnvironmentVariable("SAGA_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(SourceRoot(), "artifacts", "screenshots", "report")).FullName;

    public static async Task<ReportBrowser> OpenAsync(string file)
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
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var browser = new ReportBrowser(playwright, context, page, profile);
        var url = new Uri(file).AbsoluteUri;
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == url)
            {
                await route.ContinueAsync();
                return;
            }

            lock (browser.Requests)
                browser.Requests.Add(route.Request.Url);
            await route.AbortAsync();
        });
        await page.GotoAsync(url);
        return browser;
    }

    /// <summary>A full-page screenshot, on screen or as printed: <c>NAME.png</c>.</summary>
    public async Task<string> ScreenshotAsync(string name, bool print = false)
    {
        await Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = print ? Media.Print : Media.Screen });
        var path = Path.Combine(Screenshots, name + ".png");
        // A report of a few nodes with every command is many screens long: capturing it all takes longer than a click.
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 180_000 });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile as it exits; the temp folder is cleaned anyway
        }
    }

    /// <summary>The folder with Saga.sln above the test binaries, else the temp folder.</summary>
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Saga.sln")))
                return dir.FullName;
        }

        return Path.GetTempPath();
    }
}
