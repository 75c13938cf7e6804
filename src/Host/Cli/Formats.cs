using System.Globalization;

namespace Saga.Host.Cli;

internal static class Formats
{
    public static string Time(DateTime? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 10 => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        < 600 => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s",
        _ => span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };
}
