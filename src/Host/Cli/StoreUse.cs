namespace Saga.Host.Cli;

/// <summary>What a command needs of the store before it starts.</summary>
internal enum StoreUse
{
    /// <summary>Nothing (a bus sender).</summary>
    None,

    /// <summary>A ready store; one that does not answer ends the command at once with exit 5.</summary>
    Required,

    /// <summary>
    /// A ready store, waited for while it does not answer (a service started beside a PostgreSQL that is still
    /// coming up or restarting), until it does or the process is stopped. Refusals that waiting cannot cure (a wrong
    /// password, a missing database) still end it at once.
    /// </summary>
    Awaited,
}
