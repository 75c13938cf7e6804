using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Saga.Activities.Inventory;

/// <summary>
/// Reads one YAML mapping strictly: every value is checked for its type, every problem is recorded with the file,
/// line and field path, and keys nobody asked for are reported as unknown.
/// </summary>
internal sealed class YamlSection
{
    private readonly string file;
    private readonly YamlMappingNode node;
    private readonly List<string> problems;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public YamlSection(string file, string path, YamlMappingNode node, List<string> problems)
    {
        this.file = file;
        Path = path;
        this.node = node;
        this.problems = problems;
    }

    public string Path { get; }

    public string? String(string key, bool required = false)
    {
        var value = Scalar(key, required);
        return value is null ? null : value.Value;
    }

    public int? Int(string key, int min, int max)
    {
        var value = Scalar(key, required: false);
        if (value is null)
            return null;
        if (int.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        Problem(value, key, $"'{value.Value}' is not a whole number from {min} to {max}");
        return null;
    }

    public bool? Bool(string key)
    {
        var value = Scalar(key, required: false);
        if (value is null)
            return null;
        switch (value.Value?.ToLowerInvariant())
        {
            case "true" or "yes":
                return true;
            case "false" or "no":
                return false;
            default:
                Problem(value, key, $"'{value.Value}' is not true or false");
                return null;
        }
    }

    /// <summary>A duration: <c>00:00:10</c>, or a number with s, m or h (<c>10s</c>, <c>5m</c>).</summary>
    public TimeSpan? Duration(string key)
    {
        var value = Scalar(key, required: false);
        if (value is null)
            return null;
        var text = value.Value ?? "";
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            return span;
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 's':
                    return TimeSpan.FromSeconds(amount);
                case 'm':
                    return TimeSpan.FromMinutes(amount);
                case 'h':
                    return TimeSpan.FromHours(amount);
            }
        }

        Problem(value, key, $"'{text}' is not a duration (e.g. 00:00:10, 10s, 5m)");
        return null;
    }

    public T? Enum<T>(string key, T? fallback = null)
        where T : struct, System.Enum
    {
        var value = Scalar(key, required: false);
        if (value is null)
            return fallback;
        // By name only: Enum.TryParse would also take a number ("1") for whichever value has it.
        if (System.Enum.GetNames<T>().FirstOrDefault(n => n.Equals(value.Value, StringComparison.OrdinalIgnoreCase)) is { } name)
            return System.Enum.Parse<T>(name);
        Problem(value, key, $"'{value.Value}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }

    /// <summary>A list of strings, written as a YAML sequence or as one value.</summary>
    public IReadOnlyList<string>? Strings(string key)
    {
        if (Get(key) is not { } value)
            return null;
        if (value is YamlScalarNode scalar)
            return scalar.Value is { Length: > 0 } one ? [one] : [];
        if (value is YamlSequenceNode sequence)
        {
            var items = new List<string>();
            foreach (var item in sequence)
            {
                if (item is YamlScalarNode { Value: { } text })
                    items.Add(text);
                else
                    Problem(item, key, "expected a list of values");
            }

            return items;
        }

        Problem(value, key, "expected a value or a list of values, found a mapping");
        return null;
    }

    /// <summary>Whether the section holds <paramref name="key"/> (which then counts as read).</summary>
    public bool Has(string key) => Get(key) is not null;

    public YamlSection? Section(string key)
    {
        if (Get(key) is not { } value)
            return null;
        if (value is YamlMappingNode mapping)
            return new YamlSection(file, Child(key), mapping, problems);
        if (value is YamlScalarNode { Value: null or "" or "~" })
            return null;
        Problem(value, key, "expected a mapping of settings");
        return null;
    }

    /// <summary>A sequence of mappings (such as the nodes).</summary>
    public IReadOnlyList<YamlSection> Sections(string key)
    {
        if (Get(key) is not { } value)
            return [];
        if (value is not YamlSequenceNode sequence)
        {
            Problem(value, key, "expected a list");
            return [];
        }

        var sections = new List<YamlSection>();
        var index = 0;
        foreach (var item in sequence)
        {
            if (item is YamlMappingNode mapping)
                sections.Add(new YamlSection(file, $"{Child(key)}[{index}]", mapping, problems));
            else
                Problem(item, $"{key}[{index}]", "expected a mapping");
            index++;
        }

        return sections;
    }

    /// <summary>Reports every key this section holds but nobody read.</summary>
    public void RejectUnknown()
    {
        foreach (var (keyNode, _) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (!known.Contains(key))
                Problem(keyNode, key, $"unknown setting{Text.ClosestName.Hint(key, known)} (expected one of: {string.Join(", ", known)})");
        }
    }

    /// <summary>Records a problem about a value this section read.</summary>
    public void Problem(string key, string message)
    {
        var at = node.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == key).Value ?? node;
        Problem(at, key, message);
    }

    private YamlScalarNode? Scalar(string key, bool required)
    {
        var value = Get(key);
        if (value is null)
        {
            if (required)
                problems.Add($"{Where(node)}: {Child(key)}: is required");
            return null;
        }

        if (value is YamlScalarNode scalar)
            return scalar.Value is null or "~" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : scalar;
        Problem(value, key, $"expected a single value, found a {(value is YamlSequenceNode ? "list" : "mapping")}");
        return null;
    }

    private YamlNode? Get(string key)
    {
        known.Add(key);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private void Problem(YamlNode at, string key, string message) => problems.Add($"{Where(at)}: {Child(key)}: {message}");

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private string Where(YamlNode at) => $"{file}:{at.Start.Line}:{at.Start.Column}";
}
