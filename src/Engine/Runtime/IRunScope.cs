namespace Saga.Engine.Runtime;

/// <summary>
/// What belongs to one run of one instance (a node's SSH connections) and must end with it. <see cref="Enter"/> is
/// called as a run claims its instance, synchronously on the run's own async flow, so ambient state it sets (an
/// <see cref="AsyncLocal{T}"/>) reaches every activity of that run and of no other; what it returns is disposed when
/// the run ends, however it ends (finished, suspended, faulted, cancelled, interrupted, lease lost).
/// </summary>
public interface IRunScope
{
    /// <param name="instanceId">The instance whose run starts.</param>
    /// <returns>Disposed when that run ends.</returns>
    IAsyncDisposable Enter(string instanceId);
}
