using System.Globalization;

namespace DockerNetExporter.Configuration;

/// <summary>
/// rate_limit, with the exporter toolkit's meaning (golang.org/x/time/rate): a bucket of
/// <paramref name="Burst"/> requests, full at start, refilled by one every <paramref name="Interval"/>
/// (continuously: half an interval gives half a request); a request that finds less than one gets
/// 429. An interval of 0 (or none) means no limit, and a negative one lets every request through;
/// a burst of 0 or less with a positive interval refuses every request, as the toolkit does.
/// </summary>
internal sealed record RateLimitSettings(TimeSpan Interval, int Burst)
{
    private const string Section = "rate_limit";

    /// <returns>null when nothing is limited.</returns>
    public static RateLimitSettings? From(RateLimitDocument? document, ICollection<string> notices)
    {
        if (document is null)
        {
            return null;
        }

        var interval = TimeSpan.Zero;
        if (document.Interval is { Length: > 0 } text)
        {
            // yaml.v2 reads a plain integer into a Go time.Duration as nanoseconds.
            if (document.IntervalIsInteger)
            {
                interval = TimeSpan.FromTicks(long.Parse(text, CultureInfo.InvariantCulture) / 100);
            }
            else if (!GoDuration.TryParse(text, out interval))
            {
                throw new InvalidDataException($"{Section}.interval \"{text}\" is not a Go duration (such as 500ms, 1s or 1m30s)");
            }
        }

        var burst = 0;
        if (document.Burst is { Length: > 0 } burstText && !int.TryParse(burstText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out burst))
        {
            throw new InvalidDataException($"{Section}.burst \"{burstText}\" is not a whole number");
        }

        if (interval <= TimeSpan.Zero)
        {
            return null;
        }

        if (burst <= 0)
        {
            notices.Add($"{Section}.burst is {burst} with an interval of {interval.TotalSeconds:0.###}s: every request but /healthz is answered 429, as the exporter toolkit does; a burst of at least 1 lets requests through");
        }

        return new RateLimitSettings(interval, burst);
    }
}
