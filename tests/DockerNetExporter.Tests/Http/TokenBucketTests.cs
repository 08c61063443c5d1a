using DockerNetExporter.Configuration;
using DockerNetExporter.Http;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Http;

/// <summary>golang.org/x/time/rate's Allow, step by step on a fake clock, with the counts worked out by hand.</summary>
public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_full_bucket_lets_the_burst_through_then_one_per_interval()
    {
        var bucket = new TokenBucket(new RateLimitSettings(TimeSpan.FromSeconds(1), 3), time);

        Assert.Equal([true, true, true, false], Take(bucket, 4));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([true, false], Take(bucket, 2));
    }

    [Fact]
    public void Tokens_refill_continuously_and_a_refusal_takes_none()
    {
        var bucket = new TokenBucket(new RateLimitSettings(TimeSpan.FromSeconds(2), 1), time);
        Assert.True(bucket.TryTake());

        // Half a token, then a refusal that must not spend it, then the other half.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void A_long_pause_refills_to_the_burst_and_no_more()
    {
        var bucket = new TokenBucket(new RateLimitSettings(TimeSpan.FromSeconds(1), 2), time);
        Take(bucket, 2);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal([true, true, false], Take(bucket, 3));
    }

    [Fact]
    public void A_burst_of_0_refuses_everything_as_Go_s_limiter_does()
    {
        var bucket = new TokenBucket(new RateLimitSettings(TimeSpan.FromSeconds(1), 0), time);

        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(bucket.TryTake());
    }

    private static bool[] Take(TokenBucket bucket, int count) => [.. Enumerable.Range(0, count).Select(_ => bucket.TryTake())];
}
