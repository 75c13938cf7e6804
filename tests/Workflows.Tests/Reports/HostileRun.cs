using Saga.Engine.Activities;
using Saga.Engine.Commands;
using Saga.Workflows.Reports;

namespace Saga.Workflows.Tests.Reports;

/// <summary>A report document whose every value from outside is hostile: markup, Markdown syntax, line breaks.</summary>
internal static class HostileRun
{
    /// <summary>Markup that would run or restyle the page, or break a table, were it not escaped.</summary>
    public const string Markup = "<script>alert(1)</script><img src=x onerror=alert(2)>| **bold** [link](http://evil.example)\n# heading";

    public static RunDocument Document(string? excerpt = null) => new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        Name = "cluster " + Markup,
        Status = "Faulted",
        CreatedAt = new DateTime(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc),
        EndedAt = new DateTime(2026, 12, 5, 8, 30, 0, DateTimeKind.Utc),
        Fault = "compute-rest: " + Markup,
        StartedBy = Actor.OsUser("eve" + Markup),
        Approvals =
        [
            new ApprovalLine("ask-delete", new DateTime(2026, 12, 5, 8, 20, 0, DateTimeKind.Utc), "approved by bus key 'ops'")
            {
                Approved = true,
                By = "bus key 'ops" + Markup + "'",
                Comment = "because " + Markup,
            },
        ],
        Nodes =
        [
            new NodeDocument("c1" + Markup, "compute", "centos7", new Dictionary<string, string> { ["calico-felix"] = "3.1.3-1.el7" },
                new Dictionary<string, string> { ["calico-felix"] = "2.6.12-1.el7" },
                [new StepLine("c1", "remove-datastore-type", "done", "removed " + Markup, new DateTime(2026, 12, 5, 8, 5, 0, DateTimeKind.Utc), 0.4, null)],
                [new UndoRecord(UndoRecord.File, "/etc/calico/felix.cfg") { Backup = "/var/backups/saga/x/felix.cfg", Sha256 = new string('a', 64) }],
                "downgraded to 2.6")
            {
                Commands =
                [
                    new NodeCommand("c1", "sed -i " + Markup, 3, new DateTime(2026, 12, 5, 8, 5, 1, DateTimeKind.Utc), TimeSpan.FromSeconds(1.25), excerpt ?? "error: " + Markup)
                    {
                        ActivityId = "remove-datastore-type",
                    },
                ],
                FelixCfgDiff = ["-DatastoreType = etcdv3", "+EtcdEndpoints = " + Markup],
                Restores = [new NodeRestoreLine("r1", "Finished", new DateTime(2026, 12, 5, 8, 40, 0, DateTimeKind.Utc), Actor.Saga("fanOut.onNodeFailure: restore"), NodeResultKind.Done, "restored " + Markup)],
            },
        ],
    };
}
