using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Saga.Engine.Tests.Support;

/// <summary>Keeps what the engine logs ("Warning: The store ... does not answer ..."), to count what an outage logged.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> All => lines.ToArray();

    public int Count(LogLevel level, string text) => lines.Count(l => l.StartsWith(level + ": ", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    /// <summary>The engine's own categories only: EF Core's command log would slow every test down.</summary>
    public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName.StartsWith("Saga.", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines, bool enabled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => enabled && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
