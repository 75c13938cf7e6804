namespace Saga.Engine.Activities;

/// <summary>Designer controls understood by Elsa 2's studio.</summary>
public static class UIHints
{
    public const string SingleLine = "single-line";
    public const string MultiLine = "multi-line";
    public const string Dropdown = "dropdown";
    public const string Checkbox = "checkbox";
    public const string Json = "json";
    public const string MultiText = "multi-text";
    public const string CodeEditor = "code-editor";
}
