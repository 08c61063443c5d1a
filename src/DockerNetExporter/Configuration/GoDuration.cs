using System.Globalization;

namespace DockerNetExporter.Configuration;

/// <summary>
/// A duration as Go's time.ParseDuration reads it, which is how the exporter toolkit's rate_limit
/// interval is written: a signed sequence of decimal numbers, each with a unit (ns, us or µs, ms,
/// s, m, h), such as "300ms", "1.5h" or "2h45m"; "0" alone needs none. Not Prometheus's durations
/// (no d, w or y).
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, decimal Nanoseconds)[] Units =
    [
        ("ns", 1m), ("us", 1_000m), ("\u00b5s", 1_000m), ("\u03bcs", 1_000m), ("ms", 1_000_000m),
        ("s", 1_000_000_000m), ("m", 60_000_000_000m), ("h", 3_600_000_000_000m),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var rest = text.AsSpan();
        var negative = rest.Length > 0 && rest[0] == '-';
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }

        if (rest is "0")
        {
            return true;
        }

        if (rest.IsEmpty)
        {
            return false;
        }

        var nanoseconds = 0m;
        while (!rest.IsEmpty)
        {
            var number = 0;
            while (number < rest.Length && (char.IsAsciiDigit(rest[number]) || rest[number] == '.'))
            {
                number++;
            }

            var unit = number;
            while (unit < rest.Length && !char.IsAsciiDigit(rest[unit]) && rest[unit] != '.')
            {
                unit++;
            }

            var digits = rest[..number];
            if (digits.IsEmpty || digits is "." || digits.Count('.') > 1
                || !decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var scale = Scale(rest[number..unit]);
            if (scale is null)
            {
                return false;
            }

            nanoseconds += value * scale.Value;
            if (nanoseconds > long.MaxValue)
            {
                return false;
            }

            rest = rest[unit..];
        }

        duration = TimeSpan.FromTicks((long)Math.Round(nanoseconds / 100m) * (negative ? -1 : 1));
        return true;
    }

    private static decimal? Scale(ReadOnlySpan<char> unit)
    {
        foreach (var (name, nanoseconds) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                return nanoseconds;
            }
        }

        return null;
    }
}
