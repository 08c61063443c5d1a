using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData("60s", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("90s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1d2h3m4s5ms", 93_784_005)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("0s", 0)]
    [InlineData(" 30s ", 30_000)]
    public void Parses_Prometheus_durations(string text, long milliseconds)
    {
        Assert.True(PrometheusDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("60")]
    [InlineData("s")]
    [InlineData("abc")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1m1h")] // units out of order
    [InlineData("1s1s")]
    [InlineData("1w")]
    [InlineData("5 m")]
    [InlineData("1M")]
    [InlineData("99999999999999999999d")]
    public void Rejects_garbage(string text)
    {
        Assert.False(PrometheusDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }
}
