using Renci.SshNet;
using Renci.SshNet.Common;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// Private key files, read as OpenSSH reads them: a file that group or others may read or write is refused
/// (OpenSSH's authfile.c, sshkey_perm_ok: "UNPROTECTED PRIVATE KEY FILE!", any of the 077 bits set), and an
/// encrypted key is opened with the passphrase from <see cref="PassphraseVariable"/>. SSH.NET has no ssh-agent client,
/// so a key held only by an agent cannot be used.
/// </summary>
internal sealed class PrivateKeys(Func<string?> passphrase)
{
    /// <summary>The environment variable holding the passphrase of encrypted keys.</summary>
    public const string PassphraseVariable = "SAGA_SSH_KEY_PASSPHRASE";

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                               | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Keys opened with the passphrase in the process environment, if any.</summary>
    public static PrivateKeys FromEnvironment() => new(() => Environment.GetEnvironmentVariable(PassphraseVariable));

    /// <exception cref="NodeException">The key is missing, unprotected, encrypted without a passphrase, or unreadable.</exception>
    public PrivateKeyFile Load(string node, string path)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) is var open && open != 0)
            {
                throw new NodeException(node,
                    $"the private key {path} is open to group or others (mode {Octal(File.GetUnixFileMode(path))}); OpenSSH refuses such a key too. " +
                    $"Run chmod 600 {path}", retryable: false);
            }

            var secret = passphrase();
            return string.IsNullOrEmpty(secret) ? new PrivateKeyFile(path) : new PrivateKeyFile(path, secret);
        }
        catch (SshPassPhraseNullOrEmptyException ex)
        {
            throw new NodeException(node,
                $"the private key {path} is encrypted: give its passphrase in {PassphraseVariable} (saga cannot ask an ssh-agent)", retryable: false, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException or InvalidOperationException)
        {
            throw new NodeException(node, $"cannot use the private key {path}: {ex.Message}", retryable: false, ex);
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1ff, 8);
}
