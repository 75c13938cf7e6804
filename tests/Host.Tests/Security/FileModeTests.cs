using System.Text.RegularExpressions;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Security;

/// <summary>What saga leaves on its own host is its user's alone: no other local user reads the journal, logs or key hash.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class FileModeTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Serve_creates_its_store_WAL_logs_and_key_hash_0600_in_folders_0700()
    {
        using var workspace = new Workspace();
        var hash = Path.Combine(workspace.StateFolder, "saga-api-key.sha256");
        using var serve = workspace.Start("serve", "--urls", "http://127.0.0.1:0");
        await UntilAsync(serve, () => File.Exists(hash) && File.Exists(workspace.StorePath + "-wal") && Listening().IsMatch(serve.Stdout));
        using (var client = new HttpClient())
        {
            // A call without the key is logged as a warning: the log file is there once it is written.
            using var refused = await client.GetAsync(Listening().Match(serve.Stdout).Groups[1].Value + "/api/instances", TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await UntilAsync(serve, () => Directory.Exists(workspace.LogFolder) && Directory.GetFiles(workspace.LogFolder).Length > 0);

        var files = new[] { workspace.StorePath, workspace.StorePath + "-wal", hash }.Concat(Directory.GetFiles(workspace.LogFolder));
        var folders = new[] { workspace.StateFolder, workspace.LogFolder };
        Assert.All(files, f => Assert.Equal((f, Private), (f, File.GetUnixFileMode(f))));
        Assert.All(folders, f => Assert.Equal((f, PrivateFolder), (f, File.GetUnixFileMode(f))));
    }

    private static async Task UntilAsync(SagaProcess process, Func<bool> done)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        while (!done())
        {
            Assert.False(process.HasExited, process.ToString());
            await Task.Delay(100, limit.Token);
        }
    }

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
