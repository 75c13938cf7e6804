using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class PointPackageRepositoryAt26Tests
{
    private const string AptList = "/etc/apt/sources.list.d/*.list";
    private const string YumList = "/etc/yum.repos.d/*.repo";
    private const string Backup = "tr / _";
    private const string Ppa26 = "deb http://ppa.launchpad.net/project-calico/calico-2.6/ubuntu xenial main\n# deb-src http://ppa.launchpad.net/project-calico/calico-2.6/ubuntu xenial main\n";
    private const string Ppa31 = "deb http://ppa.launchpad.net/project-calico/calico-3.1/ubuntu xenial main\n# deb-src http://ppa.launchpad.net/project-calico/calico-3.1/ubuntu xenial main\n";
    private const string Archive = "deb http://archive.ubuntu.com/ubuntu xenial main universe\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_XenialListUnderAddAptRepositorysName_IsBackedUpThenRemoved()
    {
        const string list31 = "/etc/apt/sources.list.d/project-calico-ubuntu-calico-3_1-xenial.list";
        var shell = Apt(("/etc/apt/sources.list", Archive), ("/etc/apt/sources.list.d/project-calico-ubuntu-calico-2_6-xenial.list", Ppa26), (list31, Ppa31));

        var result = await Run(shell, "ubuntu 16.04 (xenial)");

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        var backup = shell.Commands.FindIndex(c => c.Contains(Backup, StringComparison.Ordinal));
        var remove = shell.Commands.FindIndex(c => c == $"rm -f -- {list31}");
        Assert.True(backup >= 0 && remove > backup, string.Join('\n', shell.Commands));
        Assert.Contains(list31, shell.Commands[backup], StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_31LineInSourcesListAndInAMixedFile_IsCommentedOutAndEveryOtherByteKept()
    {
        const string mixed = "/etc/apt/sources.list.d/calico.list";
        var shell = Apt(("/etc/apt/sources.list", Archive + "deb [arch=amd64] http://ppa.launchpad.net/project-calico/calico-3.1/ubuntu xenial main # 3.1\r\n"),
            (mixed, Ppa26 + Ppa31));

        await Run(shell, "ubuntu 16.04 (xenial)");

        Assert.Equal(Archive + "# deb [arch=amd64] http://ppa.launchpad.net/project-calico/calico-3.1/ubuntu xenial main # 3.1\r\n", Text(shell, "/etc/apt/sources.list"));
        Assert.Equal(Ppa26 + "# " + Ppa31, Text(shell, mixed));
        Assert.Equal(0, shell.Count("rm -f"));
    }

    [Fact]
    public async Task ExecuteAsync_NoEnabled31Source_SaysAlreadyDoneAndChangesNothing()
    {
        var shell = Apt(("/etc/apt/sources.list", Archive), ("/etc/apt/sources.list.d/project-calico-calico-2_6-trusty.list", Ppa26), ("/etc/apt/sources.list.d/old.list", "# " + Ppa31));

        var result = await Run(shell, "ubuntu 14.04 (trusty)");

        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(Backup) + shell.Count("rm -f"));
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_No26SourceLeft_FaultsBeforeChangingAnything()
    {
        var shell = Apt(("/etc/apt/sources.list", Archive), ("/etc/apt/sources.list.d/project-calico-calico-3_1-trusty.list", Ppa31));

        var result = await Run(shell, "ubuntu 14.04 (trusty)");

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("no apt source for the calico-2.6 PPA is enabled", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(Backup) + shell.Count("rm -f"));
    }

    [Fact]
    public async Task ExecuteAsync_RepoFileWithAnotherName_IsSwitchedAsTheRunbooksSedDoes()
    {
        const string repo31 = "[calico]\nname=Calico Repository\nbaseurl=https://binaries.projectcalico.org/rpm/calico-3.1/\nenabled=1\ngpgkey=https://binaries.projectcalico.org/rpm/calico-3.1/key\npriority=97\n";
        var shell = new FakeNodeShell()
            .On(YumList, new CommandResultSpec(Stdout: "/etc/yum.repos.d/CentOS-Base.repo\n/etc/yum.repos.d/project-calico.repo\n"))
            .WithFile("/etc/yum.repos.d/CentOS-Base.repo", "[base]\nbaseurl=http://mirror.centos.org/centos/7/os/x86_64/\n")
            .WithFile("/etc/yum.repos.d/project-calico.repo", repo31)
            .On(Backup);

        var result = await Run(shell, "centos 7");

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal(repo31.Replace("calico-3.1", "calico-2.6", StringComparison.Ordinal), Text(shell, "/etc/yum.repos.d/project-calico.repo"));
        Assert.Equal(["/etc/yum.repos.d/project-calico.repo"], shell.Writes);
        Assert.Contains("/etc/yum.repos.d/project-calico.repo", shell.Commands.Single(c => c.Contains(Backup, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RepoAlreadyAt26_SaysAlreadyDone()
    {
        var shell = new FakeNodeShell()
            .On(YumList, new CommandResultSpec(Stdout: "/etc/yum.repos.d/calico.repo\n"))
            .WithFile("/etc/yum.repos.d/calico.repo", "[calico]\nbaseurl=https://binaries.projectcalico.org/rpm/calico-2.6/\n");

        var result = await Run(shell, "centos 7");

        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_BackupFails_FaultsAndChangesNothing()
    {
        var shell = Apt(new CommandResultSpec(1, "", "cp: cannot create regular file: No space left on device"),
            ("/etc/apt/sources.list", Archive), ("/etc/apt/sources.list.d/a.list", Ppa26), ("/etc/apt/sources.list.d/b.list", Ppa31));

        var result = await Run(shell, "ubuntu 16.04 (xenial)");

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("No space left on device", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("rm -f"));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new PointPackageRepositoryAt26(new FakeNodeShell(), NullLogger<PointPackageRepositoryAt26>.Instance).ExecuteAsync(Context("centos 7"), Some.Cancelled));
    }

    private static FakeNodeShell Apt(params (string Path, string Content)[] files) => Apt(new CommandResultSpec(), files);

    private static FakeNodeShell Apt(CommandResultSpec backup, params (string Path, string Content)[] files)
    {
        var shell = new FakeNodeShell().On(AptList, new CommandResultSpec(Stdout: string.Concat(files.Select(f => f.Path + "\n"))));
        foreach (var (path, content) in files)
            shell.WithFile(path, content);
        return shell.On(Backup, backup).On("rm -f --");
    }

    private static string Text(FakeNodeShell shell, string path) => Encoding.Latin1.GetString(shell.Files[path]);

    private static ActivityContext Context(string platform)
    {
        var node = Some.Node("ctl-1", NodeRole.Control);
        return Some.Context(new Dictionary<string, object?>
        {
            [DowngradeVariables.Inventory] = Some.Inventory(node),
            [DowngradeVariables.Platforms] = new Dictionary<string, string> { [node.Name] = platform },
        });
    }

    private static async Task<ActivityResult> Run(FakeNodeShell shell, string platform) =>
        await new PointPackageRepositoryAt26(shell, NullLogger<PointPackageRepositoryAt26>.Instance).ExecuteAsync(Context(platform), Ct);
}
