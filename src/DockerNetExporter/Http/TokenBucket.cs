using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// rate_limit as golang.org/x/time/rate's Limiter.Allow counts it, which the exporter toolkit
/// uses: a bucket of <see cref="RateLimitSettings.Burst"/> tokens, full at start, refilled
/// continuously at one per <see cref="RateLimitSettings.Interval"/>; a request takes one, or is
/// refused if less than one is left (and takes nothing).
/// </summary>
internal sealed class TokenBucket(RateLimitSettings settings, TimeProvider time)
{
    private readonly Lock gate = new();
    private double tokens = settings.Burst;
    private long last = time.GetTimestamp();

    public RateLimitSettings Settings => settings;

    public bool TryTake()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var refilled = Math.Min(settings.Burst, tokens + (time.GetElapsedTime(last, now) / settings.Interval));
            if (refilled < 1)
            {
                return false;
            }

            tokens = refilled - 1;
            last = now;
            return true;
        }
    }
}
