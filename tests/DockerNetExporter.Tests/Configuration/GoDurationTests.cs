using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>Go's time.ParseDuration, by the examples of its documentation and its refusals.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1s", 1_000_000_000)]
    [InlineData("300ms", 300_000_000)]
    [InlineData("-1.5h", -5_400_000_000_000)]
    [InlineData("2h45m", 9_900_000_000_000)]
    [InlineData("1m30s", 90_000_000_000)]
    [InlineData("1.5s", 1_500_000_000)]
    [InlineData(".5s", 500_000_000)]
    [InlineData("5.s", 5_000_000_000)]
    [InlineData("+10us", 10_000)]
    [InlineData("10\u00b5s", 10_000)]
    [InlineData("10\u03bcs", 10_000)]
    [InlineData("1500ns", 1_500)]
    [InlineData("1h1h", 7_200_000_000_000)]
    public void Go_s_durations_parse(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")] // a unit is needed but for 0
    [InlineData("1d")] // Prometheus's, not Go's
    [InlineData("1w")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("1.2.3s")]
    [InlineData("1 s")]
    [InlineData("-")]
    [InlineData("1s ")]
    [InlineData("3000000h")] // past Go's 290 years
    public void Anything_else_is_refused(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }
}
