using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerNetExporter.Configuration;

/// <summary>
/// Durations as Prometheus writes them (<c>90s</c>, <c>1m30s</c>, <c>500ms</c>), so flags read like
/// every other exporter's. Units: ms, s, m, h, d.
/// </summary>
internal static partial class PrometheusDuration
{
    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (text.Length == 0 || !match.Success)
        {
            return false;
        }

        double[] unitMilliseconds = [86_400_000, 3_600_000, 60_000, 1_000, 1];
        double total = 0;
        var any = false;
        for (var group = 1; group <= unitMilliseconds.Length; group++)
        {
            if (match.Groups[group].Success)
            {
                any = true;
                total += double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * unitMilliseconds[group - 1];
            }
        }

        if (!any || total > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
