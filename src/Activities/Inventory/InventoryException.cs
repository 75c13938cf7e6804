namespace Saga.Activities.Inventory;

/// <summary>An inventory was refused; every problem names the file, line and field.</summary>
public sealed class InventoryException : Exception
{
    public InventoryException(IReadOnlyList<string> problems)
        : base("The inventory was refused:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public InventoryException()
        : this([])
    {
    }

    public InventoryException(string message)
        : this([message])
    {
    }

    public InventoryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
