namespace Saga.Activities.Tests.Support;

/// <summary>Real outputs of the node tools (see Fixtures/, taken from CentOS 7 and Ubuntu 14.04/16.04).</summary>
internal static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
