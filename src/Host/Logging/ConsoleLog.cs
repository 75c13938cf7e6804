using Serilog.Core;
using Serilog.Events;

namespace Saga.Host.Logging;

/// <summary>
/// The console sink, with a switch: while a live view owns the terminal, events are held back instead of written
/// (they would tear the view); the view then says how many warnings and errors there were and shows the first ones.
/// The files get every event as usual.
/// </summary>
internal sealed class ConsoleLog(Logger console) : ILogEventSink, IDisposable
{
    private readonly Lock gate = new();
    private readonly List<LogEvent> held = [];
    private bool holding;

    public void Emit(LogEvent logEvent)
    {
        lock (gate)
        {
            if (holding)
            {
                if (logEvent.Level >= LogEventLevel.Warning)
                    held.Add(logEvent);
                return;
            }
        }

        console.Write(logEvent);
    }

    /// <summary>Holds console output back until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (gate)
            holding = true;
    }

    /// <summary>Writes again, and returns the warnings and errors held meanwhile, oldest first.</summary>
    public IReadOnlyList<LogEvent> Release()
    {
        lock (gate)
        {
            holding = false;
            var events = held.ToList();
            held.Clear();
            return events;
        }
    }

    public void Dispose() => console.Dispose();
}
