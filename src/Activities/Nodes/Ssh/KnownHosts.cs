using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// An OpenSSH known_hosts file: plain names, <c>[host]:port</c>, hashed entries (<c>|1|salt|hash</c>), patterns with
/// <c>*</c>, <c>?</c> and <c>!</c>, and the <c>@revoked</c> marker. <c>@cert-authority</c> lines are not used (saga
/// takes no host certificates), and a line with any other marker is skipped, never trusted: OpenSSH's hostfile.c
/// (check_markers) answers MRK_ERROR for an unknown marker and hostkeys_foreach passes over the line.
/// </summary>
internal sealed partial class KnownHosts
{
    private readonly IReadOnlyList<Entry> entries;

    private KnownHosts(string path, IReadOnlyList<Entry> entries)
    {
        Path = path;
        this.entries = entries;
    }

    public string Path { get; }

    public static KnownHosts Load(string path)
    {
        if (!File.Exists(path))
            return new KnownHosts(path, []);
        return Parse(File.ReadAllLines(path), path);
    }

    public static KnownHosts Parse(IEnumerable<string> lines, string path = "known_hosts")
    {
        var entries = new List<Entry>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = Whitespace().Split(line);
            var marker = fields[0].StartsWith('@') ? fields[0] : null;
            if (marker is not null)
                fields = fields[1..];
            if (fields.Length < 3 || marker is not (null or "@revoked"))
                continue; // @cert-authority, or a marker OpenSSH does not know (a typo of @revoked must not trust the key)
            byte[] key;
            try
            {
                key = Convert.FromBase64String(fields[2]);
            }
            catch (FormatException)
            {
                continue; // a malformed line is skipped, as ssh does
            }

            entries.Add(new Entry(fields[0].Split(','), fields[1], key, marker == "@revoked"));
        }

        return new KnownHosts(path, entries);
    }

    /// <summary>The key types known for a host, to offer only those algorithms in the handshake.</summary>
    public IReadOnlyList<string> KeyTypesFor(string host, int port)
    {
        var name = HostName(host, port);
        return entries.Where(e => !e.Revoked && e.Matches(name)).Select(e => e.KeyType).Distinct().ToList();
    }

    /// <summary>Checks a presented host key (the SSH wire blob) for a host and port.</summary>
    public HostKeyCheck Check(string host, int port, byte[] presentedKey)
    {
        var name = HostName(host, port);
        var presented = Fingerprint(presentedKey);
        var forHost = entries.Where(e => e.Matches(name)).ToList();
        if (forHost.Any(e => e.Revoked && e.Key.AsSpan().SequenceEqual(presentedKey)))
            return new HostKeyCheck(HostKeyVerdict.Revoked, name, presented, []);
        var known = forHost.Where(e => !e.Revoked).ToList();
        if (known.Any(e => e.Key.AsSpan().SequenceEqual(presentedKey)))
            return new HostKeyCheck(HostKeyVerdict.Trusted, name, presented, []);
        return new HostKeyCheck(known.Count == 0 ? HostKeyVerdict.Unknown : HostKeyVerdict.Changed, name, presented,
            known.Select(e => $"{e.KeyType} {Fingerprint(e.Key)}").ToList());
    }

    /// <summary>OpenSSH's SHA256 fingerprint: <c>SHA256:</c> and unpadded base64.</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    /// <summary>The name known_hosts uses: the host for port 22, <c>[host]:port</c> otherwise.</summary>
    public static string HostName(string host, int port) =>
        port == 22 ? host : string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record Entry(string[] Patterns, string KeyType, byte[] Key, bool Revoked)
    {
        public bool Matches(string name)
        {
            var matched = false;
            foreach (var pattern in Patterns)
            {
                if (pattern.StartsWith("|1|", StringComparison.Ordinal))
                {
                    matched |= HashedMatches(pattern, name);
                    continue;
                }

                var negated = pattern.StartsWith('!');
                var glob = negated ? pattern[1..] : pattern;
                if (OpenSshPattern.Matches(glob, name))
                {
                    if (negated)
                        return false;
                    matched = true;
                }
            }

            return matched;
        }

        private static bool HashedMatches(string pattern, string name)
        {
            var parts = pattern.Split('|'); // "", "1", salt, hash
            if (parts.Length != 4)
                return false;
            try
            {
#pragma warning disable CA5350 // OpenSSH's hashed known_hosts format is HMAC-SHA1; it hides names, it does not protect keys.
                var hash = HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
                return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}

internal enum HostKeyVerdict
{
    Trusted,
    Unknown,
    Changed,
    Revoked,
}

/// <summary>The verdict on a presented key, with what is needed to explain it to the operator.</summary>
internal sealed record HostKeyCheck(HostKeyVerdict Verdict, string Name, string PresentedFingerprint, IReadOnlyList<string> KnownFingerprints)
{
    public bool IsTrusted => Verdict == HostKeyVerdict.Trusted;

    public string Explain(string knownHostsPath) => Verdict switch
    {
        HostKeyVerdict.Unknown => $"host key unknown: {Name} presented {PresentedFingerprint}, and {knownHostsPath} has no entry for it. " +
                                  "Check the fingerprint with the node's owner, then add it (ssh-keyscan) and run again.",
        HostKeyVerdict.Changed => $"HOST KEY CHANGED: {Name} presented {PresentedFingerprint}, but {knownHostsPath} expects {string.Join(" or ", KnownFingerprints)}. " +
                                  "This can be a reinstalled node or someone in the middle; the node was not contacted further.",
        HostKeyVerdict.Revoked => $"host key revoked: {Name} presented {PresentedFingerprint}, which {knownHostsPath} marks @revoked.",
        _ => "host key trusted",
    };
}
