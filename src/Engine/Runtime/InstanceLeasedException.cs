using System.Globalization;

namespace Saga.Engine.Runtime;

/// <summary>Another runner drives the instance; the message names it and since when.</summary>
public sealed class InstanceLeasedException : Exception
{
    public InstanceLeasedException()
    {
    }

    public InstanceLeasedException(string message)
        : base(message)
    {
    }

    public InstanceLeasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal InstanceLeasedException(string instanceId, string owner, DateTime? since, DateTime? expires)
        : base(string.Format(CultureInfo.InvariantCulture,
            "Instance {0} is being run by {1} since {2:u}; its lease runs until {3:u}. Wait for it to finish, stop it, or resume after the lease expires.",
            instanceId, RunnerIdentity.Describe(owner), since, expires))
    {
        InstanceId = instanceId;
        Owner = owner;
        Since = since;
        Expires = expires;
    }

    public string? InstanceId { get; }

    public string? Owner { get; }

    public DateTime? Since { get; }

    public DateTime? Expires { get; }

    /// <summary>The lease is held by a run in this same process (it will report its own result).</summary>
    public bool HeldByThisProcess => Owner is { } owner && RunnerIdentity.IsThisProcess(owner);
}

/// <summary>The runner lost its lease (another runner took the instance over); it stopped without writing.</summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
