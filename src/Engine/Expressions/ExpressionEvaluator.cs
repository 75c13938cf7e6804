using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Saga.Engine.Definitions;

namespace Saga.Engine.Expressions;

/// <summary>Turns an input property's expression into a value of the input's CLR type.</summary>
internal static class ExpressionEvaluator
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The syntax in force and its text; null text means the property has no value.</summary>
    public static (string Syntax, string? Text) Select(ActivityDefinitionProperty property, string defaultSyntax)
    {
        var syntax = string.IsNullOrEmpty(property.Syntax) ? defaultSyntax : property.Syntax;
        property.Expressions.TryGetValue(syntax, out var text);
        return (syntax, string.IsNullOrEmpty(text) ? null : text);
    }

    /// <summary>Checks what can be checked before a run: the syntax is known and literal or JSON text converts.</summary>
    public static string? Check(string syntax, string text, Type type) => syntax switch
    {
        Syntaxes.Literal => TryLiteral(text, type, out _, out var error) ? null : error,
        Syntaxes.Json => TryJson(text, type, out _, out var error) ? null : error,
        Syntaxes.Variable => IsVariableName(text) ? null : $"'{text}' is not a variable name",
        _ => $"syntax '{syntax}' is not supported (use {string.Join(", ", Syntaxes.All)})",
    };

    /// <summary>Evaluates at run time; a failure throws <see cref="ExpressionException"/> with the reason.</summary>
    public static object? Evaluate(string syntax, string text, Type type, JsonObject variables)
    {
        switch (syntax)
        {
            case Syntaxes.Literal:
                return TryLiteral(text, type, out var literal, out var literalError) ? literal : throw new ExpressionException(literalError!);
            case Syntaxes.Json:
                return TryJson(text, type, out var json, out var jsonError) ? json : throw new ExpressionException(jsonError!);
            case Syntaxes.Variable:
                var name = text.Trim();
                if (!variables.TryGetPropertyValue(name, out var node))
                    throw new ExpressionException($"variable '{name}' is not set");
                try
                {
                    return node.Deserialize(type, JsonOptions);
                }
                catch (JsonException ex)
                {
                    throw new ExpressionException($"variable '{name}' does not hold a {Describe(type)}: {ex.Message}");
                }

            default:
                throw new ExpressionException($"syntax '{syntax}' is not supported");
        }
    }

    /// <summary>Converts a default value declared on an attribute to the input's type.</summary>
    public static object? ConvertDefault(object value, Type type) =>
        type.IsInstanceOfType(value) ? value : Evaluate(Syntaxes.Literal, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", type, []);

    private static bool IsVariableName(string text) => text.Trim() is { Length: > 0 } name && !name.Any(char.IsWhiteSpace);

    private static bool TryLiteral(string text, Type type, out object? value, out string? error)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        error = null;
        value = null;
        if (target == typeof(string))
        {
            value = text;
            return true;
        }

        if (target == typeof(JsonElement))
        {
            // Plain text that is not JSON is taken as a JSON string.
            value = TryJson(text, typeof(JsonElement), out var parsed, out _) ? parsed : JsonSerializer.SerializeToElement(text);
            return true;
        }

        if (target == typeof(bool) && bool.TryParse(text.Trim(), out var b))
            value = b;
        else if (target == typeof(int) && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            value = i;
        else if (target == typeof(long) && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            value = l;
        else if (target == typeof(double) && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            value = d;
        else if (target == typeof(TimeSpan) && TryTimeSpan(text.Trim(), out var t))
            value = t;
        else if (target.IsEnum && Enum.TryParse(target, text.Trim(), ignoreCase: true, out var e) && Enum.IsDefined(target, e))
            value = e;
        else if (IsStringCollection(target) && !text.TrimStart().StartsWith('['))
            value = ToCollection(target, text.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        else if (!target.IsPrimitive && !target.IsEnum && target != typeof(TimeSpan) && target != typeof(decimal))
            return TryJson(text, type, out value, out error);

        if (value is null)
            error = $"'{text}' is not a valid {Describe(target)}";
        return value is not null;
    }

    private static bool TryJson(string text, Type type, out object? value, out string? error)
    {
        try
        {
            value = JsonSerializer.Deserialize(text, type, JsonOptions);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            value = null;
            error = $"'{Shorten(text)}' is not valid JSON for a {Describe(type)}: {ex.Message}";
            return false;
        }
    }

    private static bool TryTimeSpan(string text, out TimeSpan value)
    {
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
            return true;
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsStringCollection(Type type) =>
        type == typeof(string[]) || (type.IsGenericType && type.GetGenericArguments() is [var arg] && arg == typeof(string)
                                     && type.IsAssignableFrom(typeof(List<string>)));

    private static object ToCollection(Type type, string[] items) => type.IsArray ? items : (IList)items.ToList();

    private static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
            return $"{target.Name} (one of {string.Join(", ", Enum.GetNames(target))})";
        if (target == typeof(TimeSpan))
            return "duration (e.g. 00:05:00 or PT5M)";
        return target.Name;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

/// <summary>An expression could not be evaluated; the message says why.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
