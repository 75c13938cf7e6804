using System.Globalization;

namespace Saga.Activities.Calico;

/// <summary>
/// Orders package versions like dpkg and rpm do closely enough for picking the newest of one source:
/// epoch first, then digit runs as numbers and other runs as text, with <c>~</c> sorting before anything.
/// </summary>
public sealed class PackageVersionComparer : IComparer<string>
{
    public static PackageVersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (ex, rx) = SplitEpoch(x ?? "");
        var (ey, ry) = SplitEpoch(y ?? "");
        return ex != ey ? ex.CompareTo(ey) : CompareRest(rx, ry);
    }

    private static (int Epoch, string Remainder) SplitEpoch(string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(version[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? (epoch, version[(colon + 1)..])
            : (0, version);
    }

    private static int CompareRest(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && a[i] == '~' || j < b.Length && b[j] == '~')
            {
                var ta = i < a.Length && a[i] == '~';
                var tb = j < b.Length && b[j] == '~';
                if (ta != tb)
                    return ta ? -1 : 1;
                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length)
                return i >= a.Length ? -1 : 1;
            if (char.IsDigit(a[i]) && char.IsDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsDigit(a[i]))
                    i++;
                while (j < b.Length && char.IsDigit(b[j]))
                    j++;
                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                var byLength = na.Length.CompareTo(nb.Length);
                if (byLength != 0)
                    return byLength;
                var byDigits = string.CompareOrdinal(na, nb);
                if (byDigits != 0)
                    return byDigits;
                continue;
            }

            var c = a[i].CompareTo(b[j]);
            if (c != 0)
                return c;
            i++;
            j++;
        }

        return 0;
    }
}
