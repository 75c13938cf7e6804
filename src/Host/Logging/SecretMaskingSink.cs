using Saga.Engine.Secrets;
using Serilog.Core;
using Serilog.Events;

namespace Saga.Host.Logging;

/// <summary>
/// Passes every event on with its property values and its exception text masked by <see cref="SecretMask"/>, so a
/// secret a step read on a node (an etcd password in neutron.conf, a key file) never reaches the console or a log file.
/// </summary>
internal sealed class SecretMaskingSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    /// <summary>The wrapped sinks (the files) are flushed and closed with the logger.</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public void Emit(LogEvent logEvent)
    {
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Mask(p.Value)));
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, Mask(logEvent.Exception), logEvent.MessageTemplate, properties, logEvent.TraceId ?? default, logEvent.SpanId ?? default));
    }

    private static LogEventPropertyValue Mask(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(SecretMask.Apply(text)),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Mask)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => KeyValuePair.Create(e.Key, Mask(e.Value)))),
        _ => value,
    };

    private static Exception? Mask(Exception? exception)
    {
        if (exception is null)
            return null;
        var text = exception.ToString();
        var masked = SecretMask.Apply(text)!;
        return ReferenceEquals(text, masked) || text == masked ? exception : new MaskedException(exception, SecretMask.Apply(exception.Message)!, masked);
    }

    /// <summary>An exception as the logs show it, its secrets masked: the original's type, message and stack trace.</summary>
    private sealed class MaskedException(Exception original, string message, string text) : Exception(message)
    {
        public Type OriginalType => original.GetType();

        public override string ToString() => text;
    }
}
