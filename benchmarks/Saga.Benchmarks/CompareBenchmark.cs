using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Saga.Tests.Lab;

namespace Saga.Benchmarks;

/// <summary>
/// saga against a floor of plain OpenSSH on identical fresh labs: (a) <c>ssh NODE bash -s</c> with one script per node and
/// phase doing what the downgrade's steps end up doing (preflight, the Ready flag, control nodes, compute nodes, the live
/// probe, the etcdv3 finale), P at a time, no state; (b) <c>saga run --canary 0</c>; (c) <c>saga run</c> with the
/// inventory's canary. In (b) and (c) the gates are off and verify.settle is 1 ms (the least the inventory takes), as the floor has neither. Each is timed
/// by GNU time (wall, user + system CPU of the process tree, the largest process's peak resident memory); every node is
/// checked afterwards; each lab is taken down.
/// Usage: <c>compare [--nodes N] [--parallel P] [--delay S] [--subnet 127.0.N] [--only floor,canary0,defaults]</c>.
/// </summary>
internal static class CompareBenchmark
{
    private static readonly string[] ComputeOs = ["centos7", "trusty", "xenial"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var saga = DowngradeBenchmark.FindSaga();
        var nodes = Nodes(options.Nodes);
        Console.WriteLine($"{options.Nodes} nodes (2 control, {options.Nodes - 2} compute: centos7, trusty, xenial), parallel {options.Parallel}, package delay {options.Delay?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        var rows = new List<Row>();
        var third = int.Parse(options.Subnet.Split('.')[2], CultureInfo.InvariantCulture);
        foreach (var (tool, index) in options.Only.Select((t, i) => (t, i)))
        {
            await using var lab = await Lab.StartAsync($"/var/lib/saga-lab/compare-{Guid.NewGuid().ToString("N")[..12]}", $"127.0.{third + index}", options.Delay, nodes);
            var work = Directory.CreateTempSubdirectory("saga-compare-").FullName;
            try
            {
                var figures = tool switch
                {
                    "floor" => await FloorAsync(lab, work, options.Parallel),
                    "canary0" => await SagaAsync(saga, lab, work, options.Parallel, canaryZero: true),
                    "defaults" => await SagaAsync(saga, lab, work, options.Parallel, canaryZero: false),
                    _ => throw new ArgumentException($"unknown tool '{tool}' (floor, canary0, defaults)"),
                };
                var problems = await CheckAsync(lab);
                rows.Add(new Row(tool, figures, problems));
                Console.WriteLine($"{tool}: {figures.Wall:F1} s wall, {figures.Cpu:F1} s CPU, {figures.PeakKiB / 1024.0:F0} MiB peak, exit {figures.Exit}; " +
                                  (problems.Count == 0 ? "every node checked" : $"{problems.Count} problem(s): {string.Join("; ", problems.Take(5))}"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(work, recursive: true);
            }
        }

        Print(rows);
        return rows.All(r => r.Figures.Exit == 0 && r.Problems.Count == 0) ? 0 : 1;
    }

    /// <summary>2 control nodes (centos7, xenial), then compute nodes cycling centos7, trusty, xenial.</summary>
    private static string[] Nodes(int count) =>
        ["ctl0:centos7:control", "ctl1:xenial:control", .. Enumerable.Range(0, count - 2).Select(i => $"c{i:000}:{ComputeOs[i % 3]}:compute")];

    private static async Task<Figures> SagaAsync(string saga, Lab lab, string work, int parallel, bool canaryZero)
    {
        var inventory = Path.Combine(lab.Directory, "inventory.yaml");
        var text = await File.ReadAllTextAsync(inventory);
        await File.WriteAllTextAsync(inventory, text.Replace("settle: 1s", "settle: 00:00:00.001", StringComparison.Ordinal));
        string[] run = ["run", "-i", inventory, "--parallel", parallel.ToString(CultureInfo.InvariantCulture), .. canaryZero ? new[] { "--canary", "0" } : []];
        var figures = await TimeAsync(work, saga, run, new Dictionary<string, string> { ["XDG_STATE_HOME"] = work });
        try
        {
            foreach (var line in await StepsAsync(Path.Combine(work, "saga", "saga.db")))
                Console.WriteLine("    " + line);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            Console.WriteLine($"    (no journal: {ex.Message})");
        }

        return figures;
    }

    /// <summary>The parent's steps with their durations, and the compute phase from the store.</summary>
    private static async Task<IEnumerable<string>> StepsAsync(string store)
    {
        var (phase, critical) = await DowngradeBenchmark.MeasureAsync(store);
        var journal = await DowngradeBenchmark.ParentJournalAsync(DowngradeBenchmark.Sqlite(store));
        return journal.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.ActivityId,-24} {(e.EndedAt - e.StartedAt).TotalSeconds,6:F1} s"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"compute phase {phase.TotalSeconds:F1} s, median node {critical.TotalSeconds:F1} s"));
    }

    private static async Task<Figures> FloorAsync(Lab lab, string work, int parallel)
    {
        var env = LabEnv(lab);
        var calicoctl = Convert.ToBase64String(await File.ReadAllBytesAsync(env["CALICOCTL_FILE"]), Base64FormattingOptions.InsertLineBreaks);
        var floor = Path.Combine(AppContext.BaseDirectory, "Floor");
        var nodeScript = $"calicoctl_file() {{\ncat <<'CALICOCTL'\n{calicoctl}\nCALICOCTL\n}}\n{await File.ReadAllTextAsync(Path.Combine(floor, "node.sh"))}";
        await File.WriteAllTextAsync(Path.Combine(work, "node.sh"), nodeScript);
        foreach (var script in new[] { "preflight.sh", "ready.sh", "verify.sh", "finale.sh" })
            File.Copy(Path.Combine(floor, script), Path.Combine(work, script));

        var all = Enumerable.Range(0, int.Parse(env["NODE_COUNT"], CultureInfo.InvariantCulture)).Select(i => new FloorNode(env, i)).ToList();
        var runOn = all.First(n => n.Role == "control");
        var phases = new (string Name, IEnumerable<string> Lines)[]
        {
            ("preflight", all.Select(n => n.Line("preflight.sh", [n.Family, .. n.Packages]))),
            ("ready", [runOn.Line("ready.sh", [env["ETCD_ENDPOINT"]])]),
            ("control", all.Where(n => n.Role == "control").Select(n => n.Line("node.sh", n.DowngradeArguments(env["CALICOCTL_SHA256"])))),
            ("compute", all.Where(n => n.Role == "compute").Select(n => n.Line("node.sh", n.DowngradeArguments(env["CALICOCTL_SHA256"])))),
            ("verify", all.Select(n => n.Line("verify.sh", [n.Family, n.Init, n.Role, .. n.Packages]))),
            ("finale", [runOn.Line("finale.sh", [env["ETCD_V3_ENDPOINT"]])]),
        };
        foreach (var (name, lines) in phases)
            await File.WriteAllLinesAsync(Path.Combine(work, $"{name}.list"), lines);

        // One line per node: HOST SCRIPT ARGS...; xargs starts P ssh clients at a time, each sends the script on its standard input.
        var driver = new StringBuilder("set -e\ncd \"$1\"\n");
        driver.Append("ssh_node() { host=$1 script=$2; shift 2; ssh -i \"$KEY\" -o UserKnownHostsFile=\"$KNOWN\" -o StrictHostKeyChecking=yes -o BatchMode=yes ")
            .Append("\"root@$host\" bash -s -- \"$@\" < \"$script\" > \"out.$host.$script\" 2>&1 || { echo \"$host $script failed:\"; tail -5 \"out.$host.$script\"; exit 255; }; }\n")
            .Append("export -f ssh_node\n");
        foreach (var (name, _) in phases)
            driver.Append($"t=$EPOCHREALTIME; xargs -P {parallel} -L 1 bash -c 'ssh_node \"$@\"' _ < {name}.list; echo \"{name} $t $EPOCHREALTIME\" >> phases.txt\n");
        await File.WriteAllTextAsync(Path.Combine(work, "floor.sh"), driver.ToString());
        var figures = await TimeAsync(work, "bash", [Path.Combine(work, "floor.sh"), work],
            new Dictionary<string, string> { ["KEY"] = env["CLIENT_KEY"], ["KNOWN"] = env["KNOWN_HOSTS"] });
        foreach (var phase in File.Exists(Path.Combine(work, "phases.txt")) ? await File.ReadAllLinesAsync(Path.Combine(work, "phases.txt")) : [])
        {
            var parts = phase.Split(' ');
            var seconds = double.Parse(parts[2], CultureInfo.InvariantCulture) - double.Parse(parts[1], CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {parts[0],-24} {seconds,6:F1} s"));
        }

        return figures;
    }

    /// <summary>Runs PROGRAM under GNU time: wall seconds, user + system CPU seconds of it and its children, the largest one's peak RSS.</summary>
    private static async Task<Figures> TimeAsync(string work, string program, string[] arguments, Dictionary<string, string> environment)
    {
        var timing = Path.Combine(work, "time.txt");
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timing, program, .. arguments])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        await File.WriteAllTextAsync(Path.Combine(work, "output.txt"), output);
        if (process.ExitCode != 0)
            Console.WriteLine($"    exit {process.ExitCode}: {string.Join('\n', output.Split('\n').TakeLast(8))}");
        var fields = (await File.ReadAllLinesAsync(timing)).Last(l => l.Length > 0 && char.IsDigit(l[0])).Split(' ');
        double Number(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new Figures(Number(0), Number(1) + Number(2), long.Parse(fields[3], CultureInfo.InvariantCulture), process.ExitCode);
    }

    /// <summary>Every node as the downgrade leaves it, read from the lab's state files; the v3 cluster empty under /calico/.</summary>
    private static async Task<List<string>> CheckAsync(Lab lab)
    {
        var env = LabEnv(lab);
        var problems = new List<string>();
        for (var i = 0; i < int.Parse(env["NODE_COUNT"], CultureInfo.InvariantCulture); i++)
        {
            var node = new FloorNode(env, i);
            var root = env[$"NODE_{i}_ROOT"];
            var packages = await File.ReadAllLinesAsync(Path.Combine(root, "var/lib/lab/packages"));
            foreach (var package in node.Packages.Where(p => p is not ("dnsmasq" or "python-etcd")))
            {
                var line = packages.FirstOrDefault(l => l.StartsWith(package + " ", StringComparison.Ordinal));
                if (line is null || !(line.Contains(" 2.6.5", StringComparison.Ordinal) || line.Contains("1.4.3", StringComparison.Ordinal)))
                    problems.Add($"{node.Name}: {package} is '{line}'");
            }

            if (node.Role == "control")
                continue;
            if ((await File.ReadAllTextAsync(Path.Combine(root, "etc/calico/felix.cfg"))).Contains("etcdv3", StringComparison.Ordinal))
                problems.Add($"{node.Name}: felix.cfg still has DatastoreType = etcdv3");
            var starts = await File.ReadAllLinesAsync(Path.Combine(root, "var/lib/lab/felix-starts"));
            if (starts.LastOrDefault()?.Split(' ') is not [_, _, var version, "ready"] || !version.StartsWith("2.6.", StringComparison.Ordinal))
                problems.Add($"{node.Name}: felix's last start is '{starts.LastOrDefault()}'");
        }

        if ((await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix", "--keys-only")).Trim().Length > 0)
            problems.Add("the v3 cluster still holds keys under /calico/");
        return problems;
    }

    private static Dictionary<string, string> LabEnv(Lab lab) =>
        File.ReadAllLines(Path.Combine(lab.Directory, "lab.env")).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));

    private static void Print(List<Row> rows)
    {
        var floor = rows.FirstOrDefault(r => r.Tool == "floor")?.Figures;
        Console.WriteLine();
        Console.WriteLine("| tool | wall s | CPU s | peak MiB | wall / floor | CPU / floor | checked |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (tool, f, problems) in rows)
        {
            var ratio = floor is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{f.Wall / floor.Wall:F2} | {f.Cpu / floor.Cpu:F2}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {tool} | {f.Wall:F1} | {f.Cpu:F1} | {f.PeakKiB / 1024.0:F0} | {(floor is null ? "- | -" : ratio)} | {(problems.Count == 0 && f.Exit == 0 ? "ok" : "FAILED")} |"));
        }
    }

    private sealed record Figures(double Wall, double Cpu, long PeakKiB, int Exit);

    private sealed record Row(string Tool, Figures Figures, List<string> Problems);

    private sealed record Options(int Nodes, int Parallel, int? Delay, string Subnet, string[] Only)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(22, 10, null, "127.0.110", ["floor", "canary0", "defaults"]);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--nodes" => options with { Nodes = Math.Max(3, int.Parse(args[i + 1], CultureInfo.InvariantCulture)) },
                    "--parallel" => options with { Parallel = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--delay" => options with { Delay = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--subnet" => options with { Subnet = args[i + 1] },
                    "--only" => options with { Only = args[i + 1].Split(',') },
                    _ => throw new ArgumentException($"unknown option '{args[i]}'"),
                };
            }

            return options;
        }
    }

    /// <summary>A lab node as the floor's scripts need it: its OS family and service manager, its packages, the 2.6 set.</summary>
    private sealed class FloorNode(Dictionary<string, string> env, int index)
    {
        public string Name { get; } = env[$"NODE_{index}_NAME"];

        public string Host { get; } = env[$"NODE_{index}_HOST"];

        public string Os { get; } = env[$"NODE_{index}_OS"];

        public string Role { get; } = env[$"NODE_{index}_ROLE"];

        public string Family => Os == "centos7" ? "centos" : "ubuntu";

        public string Init => Os == "trusty" ? "upstart" : "systemd";

        public IReadOnlyList<string> Packages => (Role, Family) switch
        {
            ("control", "centos") => ["calico-common", "calico-control", "networking-calico"],
            ("control", _) => ["calico-control", "calico-common", "python-etcd", "networking-calico"],
            (_, "centos") => ["calico-common", "calico-compute", "calico-dhcp-agent", "calico-felix", "dnsmasq", "networking-calico"],
            _ => ["calico-compute", "calico-felix", "calico-common", "python-etcd", "networking-calico", "calico-dhcp-agent"],
        };

        /// <summary>The lab's 2.6 set (tests/lab's catalogs): the packages that change, as yum or apt takes them.</summary>
        private IEnumerable<string> Targets => Packages.Where(p => p is not ("dnsmasq" or "python-etcd")).Select(p =>
        {
            var calico = p is "calico-common" or "calico-felix";
            return Family == "centos" ? $"{p}-{(calico ? "2.6.5" : "1.4.3")}-1.el7" : $"{p}={(calico ? "" : "1:")}{(calico ? "2.6.5" : "1.4.3")}~{Os}";
        });

        public string[] DowngradeArguments(string sha) =>
            [Family, Init, Role, sha, "0", Os switch { "trusty" => "--force-yes", "xenial" => "--allow-downgrades", _ => "-" }, .. Packages, "--", .. Targets];

        public string Line(string script, IEnumerable<string> arguments) => string.Join(' ', [Host, script, .. arguments]);
    }
}
