using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Support;

/// <summary>What a step's result carries, or a failed test that shows the whole result when it is of another kind.</summary>
internal static class ResultAssertions
{
    /// <summary>The outcome taken; a suspend or a fault fails the test.</summary>
    public static string Outcome(this ActivityResult result) =>
        result is OutcomeResult outcome ? outcome.OutcomeName : throw new Xunit.Sdk.XunitException($"expected an outcome, got {result}");

    /// <summary>The fault's message; an outcome or a suspend fails the test.</summary>
    public static string Fault(this ActivityResult result) =>
        result is FaultResult fault ? fault.Message : throw new Xunit.Sdk.XunitException($"expected a fault, got {result}");
}
