using Serilog.Events;

namespace Saga.Host.Logging;

/// <summary>Where and how saga logs (<c>Saga:Logs</c>); levels and extra sinks stay in the <c>Serilog</c> section.</summary>
internal sealed class LogsOptions
{
    public const string SectionName = "Saga:Logs";

    /// <summary>The folder of the daily log files (<c>saga-YYYYMMDD.log</c>, or <c>.json</c>).</summary>
    /// <value>Default: <c>logs</c> in the state directory, <c>$XDG_STATE_HOME/saga/logs</c> (<c>~/.local/state/saga/logs</c>).</value>
    public string? Directory { get; set; }

    /// <summary>Text for people, or compact JSON (one event per line, CLEF) for log shippers; <c>--log-format</c> sets it.</summary>
    /// <value>Default: <see cref="LogFormat.Text"/>.</value>
    public LogFormat Format { get; set; } = LogFormat.Text;

    /// <summary>The least level written to the console (standard error).</summary>
    /// <value>Default: Warning; the files get everything the <c>Serilog:MinimumLevel</c> lets through.</value>
    public LogEventLevel ConsoleLevel { get; set; } = LogEventLevel.Warning;

    /// <summary>How many daily files are kept.</summary>
    /// <value>Default: 14.</value>
    public int RetainedFiles { get; set; } = 14;

    public string ResolvedDirectory => string.IsNullOrWhiteSpace(Directory) ? Path.Combine(StateDirectory.Path, "logs") : Path.GetFullPath(Directory);
}

/// <summary>How log events are written.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
