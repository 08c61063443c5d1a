using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Kernel;

/// <summary>
/// A read that hangs stands for one through a namespace whose owner mounted something over its
/// sysfs that answers when it likes (a FUSE filesystem): no open flag gets a thread out of that.
/// </summary>
public sealed class BoundedReadsTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);

    private readonly ReadErrors readErrors = new();
    private readonly FakeTimeProvider time = new();
    private readonly ManualResetEventSlim release = new();
    private readonly ManualResetEventSlim released = new();
    private readonly BoundedReads reads;

    public BoundedReadsTests() => reads = new BoundedReads(Bound, readErrors, time, NullLogger<BoundedReads>.Instance);

    public void Dispose()
    {
        release.Set();
        reads.Dispose();
        release.Dispose();
        released.Dispose();
    }

    [Fact]
    public void A_read_that_returns_gives_its_result()
    {
        Assert.True(reads.TryRun("/proc/10/root/sys/class/net", () => 42, out var result));
        Assert.Equal(42, result);
        Assert.Equal(0, readErrors.TimedOutCount);
    }

    [Fact]
    public void A_hanging_read_is_given_up_and_the_next_namespace_is_read_by_a_new_thread()
    {
        Assert.False(reads.TryRun("/proc/66/root/sys/class/net", Hang, out _));

        Assert.True(reads.TryRun("/proc/10/root/sys/class/net", () => 1, out var other));
        Assert.Equal(1, other);
        Assert.Equal(1, readErrors.TimedOutCount);
    }

    [Fact]
    public void A_namespace_whose_read_hangs_is_not_read_again_until_it_returns_and_its_quarantine_is_over()
    {
        const string Hostile = "/proc/66/root/sys/class/net";
        Assert.False(reads.TryRun(Hostile, Hang, out _));
        var tried = 0;

        // Still hanging: not tried, not waited for.
        Assert.False(reads.TryRun(Hostile, () => ++tried, out _));
        release.Set();
        Assert.True(released.Wait(TimeSpan.FromSeconds(10)));

        // Returned, but in quarantine.
        time.Advance(BoundedReads.Quarantine - TimeSpan.FromSeconds(1));
        Assert.False(reads.TryRun(Hostile, () => ++tried, out _));
        Assert.Equal(0, tried);

        time.Advance(TimeSpan.FromSeconds(2));
        var result = 0;
        Assert.True(SpinWait.SpinUntil(() => reads.TryRun(Hostile, () => ++tried, out result), TimeSpan.FromSeconds(10)));
        Assert.Equal(1, result);
        Assert.Equal(1, readErrors.TimedOutCount);
    }

    [Fact]
    public void Past_the_most_hanging_threads_no_namespace_is_tried_until_one_returns()
    {
        for (var pid = 0; pid < BoundedReads.MaxHung; pid++)
        {
            Assert.False(reads.TryRun($"/proc/{pid}/root/sys/class/net", Hang, out _));
        }

        var tried = false;
        Assert.False(reads.TryRun("/proc/99999/root/sys/class/net", () => tried = true, out _));
        Assert.False(tried);
        Assert.Equal(BoundedReads.MaxHung, readErrors.TimedOutCount);

        release.Set();
        Assert.True(SpinWait.SpinUntil(() => reads.TryRun("/proc/99999/root/sys/class/net", () => tried = true, out _), TimeSpan.FromSeconds(10)));
        Assert.True(tried);
    }

    [Fact]
    public void A_result_that_comes_after_the_read_was_given_up_is_handed_to_abandoned_not_lost()
    {
        using var abandonedResult = new ManualResetEventSlim();
        var handed = 0;

        Assert.False(reads.TryRun("/proc/66/root/sys/class/net", Hang, out _, abandoned: result =>
        {
            handed = result + 1;
            abandonedResult.Set();
        }));
        release.Set();

        Assert.True(abandonedResult.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, handed);
    }

    /// <summary>A container's own mtu and operstate are opened within the bound, and not at all while its namespace hangs.</summary>
    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 0)]
    public void A_container_s_attribute_files_are_opened_within_the_bound_and_not_while_its_namespace_hangs(bool hanging, long opened)
    {
        var netClass = FixtureTree.Path("docker-host", "proc", "1001", "root", "sys", "class", "net");
        var budget = new OpenFileBudget(100, NullLogger<OpenFileBudget>.Instance);
        if (hanging)
        {
            Assert.False(reads.TryRun(netClass, Hang, out _));
        }

        using var attributes = InterfaceAttributes.OpenBounded(Path.Combine(netClass, "eth0"), FixtureTree.FileSystem, budget, reads);

        Assert.Equal(!hanging, attributes.Mtu is not null);
        Assert.Equal(!hanging, attributes.OperState is not null);
        Assert.Equal(opened, budget.Kept);
    }

    [Fact]
    public void An_exception_in_the_read_reaches_the_caller()
    {
        Assert.Throws<InvalidOperationException>(() => reads.TryRun<int>("/proc/10/root/sys/class/net", () => throw new InvalidOperationException("broken"), out _));
    }

    private int Hang()
    {
        release.Wait();
        released.Set();
        return 0;
    }
}
