using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Topology;

public sealed class MappingProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider time = new();
    private readonly List<string> log = [];
    private readonly MappingProgress progress;

    public MappingProgressTests() => progress = new MappingProgress(Interval, time, new HookLogger<MappingProgress>(log.Add));

    [Fact]
    public void No_mapping_under_way_is_no_stall_however_long_since_the_last()
    {
        progress.Started();
        progress.Finished();
        time.Advance(Interval * 10);

        Assert.False(progress.IsStalled());
        Assert.Equal(TimeSpan.Zero, progress.Running);
    }

    [Fact]
    public void A_mapping_that_runs_past_one_interval_is_a_stall_said_once()
    {
        progress.Started();
        time.Advance(Interval);
        Assert.False(progress.IsStalled());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(progress.IsStalled());
        Assert.True(progress.IsStalled());
        Assert.Equal(Interval + TimeSpan.FromSeconds(1), progress.Running);
        Assert.Contains("no progress for 61s", Assert.Single(log), StringComparison.Ordinal);

        progress.Finished();
        Assert.False(progress.IsStalled());
    }

    [Fact]
    public void A_later_stall_is_said_again()
    {
        progress.Started();
        time.Advance(Interval * 2);
        Assert.True(progress.IsStalled());
        progress.Finished();

        time.Advance(TimeSpan.FromSeconds(1));
        progress.Started();
        time.Advance(Interval * 2);
        Assert.True(progress.IsStalled());

        Assert.Equal(2, log.Count);
    }
}
