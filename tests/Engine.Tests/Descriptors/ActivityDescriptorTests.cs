using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Activities;
using Saga.Engine.Descriptors;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Descriptors;

public sealed class ActivityDescriptorTests
{
    [Fact]
    public void FromClass_ReadsTypeCategoryDisplayNameDescriptionAndOutcomes()
    {
        var descriptor = ActivityType.FromClass(typeof(Approval)).Descriptor;

        Assert.Equal(("Approval", "Control flow", "Approval", 1), (descriptor.Type, descriptor.Category, descriptor.DisplayName, descriptor.Traits));
        Assert.StartsWith("Suspends the workflow", descriptor.Description, StringComparison.Ordinal);
        Assert.Equal([Approval.Approved, Approval.Rejected], descriptor.Outcomes);
    }

    [Fact]
    public void FromClass_InputsCarryDesignerHintsDefaultsAndRequired()
    {
        var inputs = ActivityType.FromClass(typeof(Sample)).Descriptor.InputProperties.ToDictionary(i => i.Name);

        Assert.Equal(["Node", "Timeout", "Force", "Mode", "Packages", "Limits"], inputs.Keys);
        var node = inputs["Node"];
        Assert.Equal((UIHints.SingleLine, "Node name", "Compute node from the inventory.", true, "Literal"), (node.UIHint, node.Label, node.Hint, node.IsRequired, node.DefaultSyntax));
        Assert.Equal(["Literal", "Json", "Variable"], node.SupportedSyntaxes);
        Assert.Equal((UIHints.SingleLine, (object?)"00:10:00", false), (inputs["Timeout"].UIHint, inputs["Timeout"].DefaultValue, inputs["Timeout"].IsRequired));
        Assert.Equal(UIHints.Checkbox, inputs["Force"].UIHint);
        Assert.Equal((UIHints.Dropdown, "Graceful"), (inputs["Mode"].UIHint, inputs["Mode"].DefaultValue));
        Assert.Equal(Enum.GetNames<DrainMode>(), inputs["Mode"].Options);
        Assert.Equal((UIHints.MultiText, "Json"), (inputs["Packages"].UIHint, inputs["Packages"].DefaultSyntax));
        Assert.Equal((UIHints.Json, "Advanced"), (inputs["Limits"].UIHint, inputs["Limits"].Category));
    }

    [Fact]
    public void FromClass_PinnedTypeName_IsUsedInsteadOfTheClassName()
    {
        Assert.Equal("DrainNode", ActivityType.FromClass(typeof(Sample)).Name);
    }

    [Fact]
    public async Task Registry_ListsEveryRegisteredActivityOnceByCategory()
    {
        await using var engine = await TestEngine.StartAsync();
        var registry = engine.Services.GetRequiredService<IActivityRegistry>();

        Assert.Equal(["Approval", "Delay", "SetVariable", "Block", "Choose", "Fail", "FanIn", "PerNode", "Record", "RunCommands", "SeeRunScope", "Spawn", "Throw", "UseScoped"], registry.Descriptors.Select(d => d.Type));
        Assert.Null(registry.Find("Nope"));
    }

    [Fact]
    public void Registry_TwoClassesClaimingOneTypeName_IsAConfigurationError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ActivityRegistry([new(typeof(Sample)), new(typeof(SampleTwin))]));

        Assert.Contains("'DrainNode'", error.Message, StringComparison.Ordinal);
    }

    internal enum DrainMode
    {
        Graceful,
        Forced,
    }

    [Activity(Type = "DrainNode", Category = "Maintenance", Outcomes = ["Done", "Failed"])]
    internal sealed class Sample : IActivity
    {
        [ActivityInput(Label = "Node name", Hint = "Compute node from the inventory.")]
        public required string Node { get; set; }

        [ActivityInput(DefaultValue = "00:10:00")]
        public TimeSpan Timeout { get; set; }

        [ActivityInput]
        public bool Force { get; set; }

        [ActivityInput(DefaultValue = DrainMode.Graceful)]
        public DrainMode Mode { get; set; }

        [ActivityInput]
        public IReadOnlyList<string> Packages { get; set; } = [];

        [ActivityInput(Category = "Advanced")]
        public Dictionary<string, int>? Limits { get; set; }

        public string NotAnInput { get; set; } = "";

        public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) => ValueTask.FromResult(ActivityResult.Completed());
    }

    [Activity(Type = "DrainNode")]
    internal sealed class SampleTwin : IActivity
    {
        public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) => ValueTask.FromResult(ActivityResult.Completed());
    }
}
