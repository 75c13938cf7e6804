namespace Saga.Host.Web.Elsa;

/// <summary>A save request the studio (or a script) sent with a field of the wrong kind; the API answers 400 naming it.</summary>
internal sealed class SaveRequestException : Exception
{
    public SaveRequestException()
    {
    }

    public SaveRequestException(string message)
        : base(message)
    {
    }

    public SaveRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SaveRequestException(string field, string message, Exception? innerException = null)
        : base(message, innerException) => Field = field;

    /// <summary>The field, as a JSON path below the body (<c>publish</c>, <c>activities[0].x</c>).</summary>
    public string Field { get; } = "body";
}
