using DockerNetExporter.Runtime;

namespace DockerNetExporter.Tests.Runtime;

public sealed class RuntimeHealthTests
{
    [Fact]
    public void Starts_unknown_and_reports_each_change_once()
    {
        var health = new RuntimeHealth();
        Assert.False(health.IsUp);

        Assert.True(health.MarkUp());
        Assert.True(health.IsUp);
        Assert.False(health.MarkUp());

        Assert.True(health.MarkDown(RuntimeFailure.Unreachable));
        Assert.False(health.IsUp);
        Assert.False(health.MarkDown(RuntimeFailure.Unreachable));

        Assert.True(health.MarkUp());
    }

    [Fact]
    public void A_first_failure_is_reported_too()
    {
        Assert.True(new RuntimeHealth().MarkDown(RuntimeFailure.Timeout));
    }

    /// <summary>A proxy that starts denying what it answered before is a new reason, said again.</summary>
    [Fact]
    public void Another_reason_while_down_is_reported()
    {
        var health = new RuntimeHealth();
        health.MarkDown(RuntimeFailure.Unreachable);

        Assert.True(health.MarkDown(RuntimeFailure.Denied));
        Assert.False(health.IsUp);
    }

    [Fact]
    public void Every_failure_is_counted_under_its_reason_whether_said_or_not()
    {
        var health = new RuntimeHealth();
        health.MarkDown(RuntimeFailure.TooLarge);
        health.MarkDown(RuntimeFailure.TooLarge);
        health.MarkUp();
        health.MarkDown(RuntimeFailure.Malformed);
        health.MarkDown(RuntimeFailure.TooLarge);

        Assert.Equal(3, health.Failures(RuntimeFailure.TooLarge));
        Assert.Equal(1, health.Failures(RuntimeFailure.Malformed));
        Assert.Equal(0, health.Failures(RuntimeFailure.Denied));
    }

    /// <summary>The reason label is a public contract (alerts, dashboards): a fixed set, never what the API said.</summary>
    [Fact]
    public void Each_reason_has_its_own_fixed_label()
    {
        Assert.Equal(
            ["unreachable", "timeout", "denied", "error_status", "malformed", "truncated", "too_large", "events_lost", "other"],
            RuntimeFailureLabels.All.Select(r => r.Label()));
    }
}
