using System.Text.RegularExpressions;
using Saga.Engine.Activities;

namespace Saga.Engine.Secrets;

/// <summary>
/// The one rule for secrets in text that leaves a step: the journal (outputs, faults, per-node reasons), the logs, bus
/// events and HTTP answers all pass through it. A value whose key looks like a secret (<c>*password*</c>,
/// <c>*passwd*</c>, <c>*secret*</c>, <c>*token*</c>, any case, as <c>key = value</c>, <c>key: value</c>,
/// <c>key=value</c> or <c>"key": "value"</c>), the password of a URL (<c>http://user:pw@host</c>) and the body of a
/// PEM private key are written as <see cref="Masked"/>. Keys stay, so a reader still sees that the setting is there.
/// </summary>
public static partial class SecretMask
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Masked = "***";

    /// <summary><paramref name="text"/> with every secret in it replaced by <see cref="Masked"/>; null stays null.</summary>
    public static string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldSecret(text))
            return text;
        text = PrivateKey().Replace(text, m => m.Groups["begin"].Value + "\n" + Masked + "\n" + m.Groups["end"].Value);
        text = Line().Replace(text, m => m.Groups["head"].Value + Masked);
        text = Quoted().Replace(text, m => m.Groups["head"].Value + Masked + m.Groups["quote"].Value);
        text = Inline().Replace(text, m => m.Groups["head"].Value + Masked);
        return UrlPassword().Replace(text, m => m.Groups["head"].Value + Masked + "@");
    }

    /// <summary>The result with its output, fault message and per-node reasons masked.</summary>
    public static ActivityResult Apply(ActivityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var masked = result switch
        {
            FaultResult fault => fault with { Message = Apply(fault.Message)! },
            _ => result,
        };
        return masked with
        {
            Output = Apply(result.Output),
            Nodes = result.Nodes.Select(n => n with { Reason = Apply(n.Reason)! }).ToList(),
        };
    }

    /// <summary>A quick look before the expressions run: most text holds none of the words.</summary>
    private static bool MayHoldSecret(string text) =>
        text.Contains("PRIVATE KEY", StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal) || Word().IsMatch(text);

    [GeneratedRegex("passw(or)?d|secret|token", RegexOptions.IgnoreCase)]
    private static partial Regex Word();

    // A PEM private key (RSA, EC, OPENSSH, ENCRYPTED ...), also one cut short by an excerpt.
    [GeneratedRegex(@"(?<begin>-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(?<end>-----END [A-Z0-9 ]*PRIVATE KEY-----|$(?![\s\S]))")]
    private static partial Regex PrivateKey();

    // An ini, YAML or config-file line, commented out or not: the whole rest of the line is the value (it may hold spaces).
    [GeneratedRegex(@"(?<head>^[ \t]*[#;]?[ \t]*[\w.-]*(?:passw(?:or)?d|secret|token)[\w.-]*[ \t]*[=:][ \t]*)(?=\S)(?!\*\*\*(?:\s|$))[^\r\n]*", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Line();

    // JSON and quoted values: "etcdPassword": "x", password='x'.
    [GeneratedRegex(@"(?<head>[\w.-]*(?:passw(?:or)?d|secret|token)[\w.-]*[""']?[ \t]*[=:][ \t]*(?<quote>[""']))(?:\\.|(?!\k<quote>).)*\k<quote>", RegexOptions.IgnoreCase)]
    private static partial Regex Quoted();

    // key=value and "key: value" inside a line (command lines, logfmt, felix's "Parsing value for EtcdPassword: x").
    [GeneratedRegex(@"(?<head>[\w.-]*(?:passw(?:or)?d|secret|token)[\w.-]*[ \t]*(?:=|:[ \t])[ \t]*)(?!\*\*\*)[^\s,;&""'}\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Inline();

    // scheme://user:password@host
    [GeneratedRegex(@"(?<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:)[^\s/@]+@")]
    private static partial Regex UrlPassword();
}
