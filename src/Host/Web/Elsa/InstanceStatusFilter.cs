using Saga.Engine.Instances;

namespace Saga.Host.Web.Elsa;

/// <summary>The studio's <c>status</c> filter: Elsa's WorkflowStatus names, of which we have all but <c>Idle</c>.</summary>
internal static class InstanceStatusFilter
{
    /// <summary>
    /// True with null for no filter, true with a status for one of ours, false for a name no instance of ours can have
    /// (the list is then empty, as Elsa's would be).
    /// </summary>
    public static bool TryParse(string? text, out InstanceStatus? status)
    {
        status = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        var name = text.Trim();
        if (!name.All(char.IsLetter) || !Enum.TryParse<InstanceStatus>(name, ignoreCase: true, out var parsed)) // a name, not a number
            return false;
        status = parsed;
        return true;
    }
}
