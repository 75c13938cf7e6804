using System.Text.Json.Nodes;
using Saga.Engine.Expressions;

namespace Saga.Engine.Tests.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private static readonly JsonObject Variables = new() { ["parallel"] = 10, ["nodes"] = new JsonArray("cmp-1", "cmp-2"), ["name"] = "x" };

    public enum Role
    {
        Control,
        Compute,
    }

    [Theory]
    [InlineData("42", typeof(int), 42)]
    [InlineData("true", typeof(bool), true)]
    [InlineData("compute", typeof(Role), Role.Compute)]
    [InlineData("plain text; $(not run)", typeof(string), "plain text; $(not run)")]
    public void Literal_ConvertsToTheInputType(string text, Type type, object expected)
    {
        Assert.Equal(expected, ExpressionEvaluator.Evaluate(Syntaxes.Literal, text, type, Variables));
    }

    [Theory]
    [InlineData("00:05:00")]
    [InlineData("PT5M")]
    public void Literal_Duration_AcceptsTimeSpanAndIso8601(string text)
    {
        Assert.Equal(TimeSpan.FromMinutes(5), ExpressionEvaluator.Evaluate(Syntaxes.Literal, text, typeof(TimeSpan), Variables));
    }

    [Fact]
    public void Literal_StringList_AcceptsCommaOrLineSeparatedOrJson()
    {
        Assert.Equal(["calico-common", "calico-felix"], (IEnumerable<string>)ExpressionEvaluator.Evaluate(Syntaxes.Literal, "calico-common, calico-felix", typeof(IReadOnlyList<string>), Variables)!);
        Assert.Equal(["a", "b"], (string[])ExpressionEvaluator.Evaluate(Syntaxes.Literal, "a\nb\n", typeof(string[]), Variables)!);
        Assert.Equal(["a,b"], (string[])ExpressionEvaluator.Evaluate(Syntaxes.Literal, """["a,b"]""", typeof(string[]), Variables)!);
    }

    [Fact]
    public void Json_DeserializesToTheInputType()
    {
        var value = (Dictionary<string, int>)ExpressionEvaluator.Evaluate(Syntaxes.Json, """{"canary": 1, "maxFailures": 2}""", typeof(Dictionary<string, int>), Variables)!;

        Assert.Equal(2, value["maxFailures"]);
    }

    [Fact]
    public void Variable_ReadsTheWorkflowVariable()
    {
        Assert.Equal(10, ExpressionEvaluator.Evaluate(Syntaxes.Variable, "parallel", typeof(int), Variables));
        Assert.Equal(["cmp-1", "cmp-2"], (string[])ExpressionEvaluator.Evaluate(Syntaxes.Variable, " nodes ", typeof(string[]), Variables)!);
    }

    [Theory]
    [InlineData("Literal", "ten", typeof(int), "'ten' is not a valid Int32")]
    [InlineData("Literal", "both", typeof(Role), "'both' is not a valid Role (one of Control, Compute)")]
    [InlineData("Json", "{oops", typeof(int[]), "'{oops' is not valid JSON for a Int32[]")]
    [InlineData("Variable", "has space", typeof(int), "'has space' is not a variable name")]
    [InlineData("JavaScript", "1+1", typeof(int), "syntax 'JavaScript' is not supported (use Literal, Json, Variable)")]
    public void Check_WrongValue_SaysWhatIsWrong(string syntax, string text, Type type, string expected)
    {
        Assert.StartsWith(expected, ExpressionEvaluator.Check(syntax, text, type), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_VariableOfTheWrongShape_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionEvaluator.Evaluate(Syntaxes.Variable, "name", typeof(int), Variables));

        Assert.StartsWith("variable 'name' does not hold a Int32", error.Message, StringComparison.Ordinal);
    }
}
