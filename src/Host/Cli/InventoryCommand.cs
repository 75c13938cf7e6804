using System.CommandLine;
using Saga.Activities.Inventory.Ansible;

namespace Saga.Host.Cli;

/// <summary><c>saga inventory import</c>: saga's inventory from an Ansible one.</summary>
internal static class InventoryCommand
{
    public static Command Create() => new("inventory", "Converts an Ansible inventory (INI or YAML) into saga's inventory.")
    {
        Import(),
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The Ansible inventory: INI, or YAML (.yml, .yaml, .json); group_vars/ and host_vars/ beside it are read too." };
        var control = new Option<string>("--control") { Description = "The group whose hosts are the control nodes (child groups included).", Required = true };
        var compute = new Option<string>("--compute") { Description = "The group whose hosts are the compute nodes (child groups included).", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the inventory to this file (not over an existing one) instead of standard output." };
        var command = new Command("import", """
            Writes saga's inventory for the hosts of an Ansible inventory's control and compute groups.

            Each host becomes a node named after it; ansible_host, ansible_port (or host:port), ansible_user,
            ansible_ssh_private_key_file and ansible_become become its address and SSH settings, with group variables,
            children groups and group_vars/host_vars files merged as Ansible merges them. The Calico sections are left
            as a commented template to fill in. What cannot be carried over exactly (passwords, extra SSH arguments,
            templates, host ranges, other connection types) stops the import with where it is; variables saga has no
            use for are listed.
            """) { file, control, compute, output };
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetRequiredValue(file);
            if (!source.Exists)
                return await FailAsync([$"{source.FullName}: no such file"]);
            var result = AnsibleImport.Convert(source.FullName, parse.GetRequiredValue(control), parse.GetRequiredValue(compute));
            foreach (var note in result.Notes)
                await Console.Error.WriteLineAsync($"saga: note: {note}");
            if (result.Yaml is null)
                return await FailAsync(result.Problems);
            if (parse.GetValue(output) is not { } target)
            {
                await Console.Out.WriteAsync(result.Yaml);
                return ExitCodes.Done;
            }

            if (target.Exists)
                return await FailAsync([$"{target.FullName} exists; saga does not overwrite an inventory (remove it, or choose another -o)"]);
            await File.WriteAllTextAsync(target.FullName, result.Yaml, ct);
            Console.WriteLine($"Wrote {target.FullName}: fill in its Calico sections (calicoctl, etcd), then check it with 'saga plan -i {target.Name}'.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static async Task<int> FailAsync(IReadOnlyList<string> problems)
    {
        await Console.Error.WriteLineAsync($"saga: the Ansible inventory cannot be imported as it is ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}); nothing was written:");
        foreach (var problem in problems)
            await Console.Error.WriteLineAsync($"  {problem}");
        return ExitCodes.BadInput;
    }
}
