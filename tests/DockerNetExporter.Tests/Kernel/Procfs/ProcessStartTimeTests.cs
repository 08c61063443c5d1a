using System.Diagnostics;
using System.Globalization;
using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class ProcessStartTimeTests
{
    /// <summary>The fields after COMM of a real /proc/PID/stat line (a shell's), starttime (field 22) 339951.</summary>
    private const string Fields = "S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 339951 3133440 380 18446744073709551615 94645788422144 94645788442025 140728414542704 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94645788458032 94645788459648 94645895647232 140728414546209 140728414546229 140728414546229 140728414547947 0";

    private static readonly DateTimeOffset LatestBootTime = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.MaxValue.ToUnixTimeSeconds());

    [Fact]
    public void Reads_the_boot_time_of_the_fixture()
    {
        Assert.True(ProcessStartTime.TryReadBootTime(FixtureTree.Path(Fixture, "proc", "stat"), out var bootTime));
        Assert.Equal(BootTime, bootTime);
    }

    /// <summary>Fixtures/README.md lists the fixture's processes; api's and cache's names hold spaces and ')'.</summary>
    [Theory]
    [InlineData("1001", "2024-01-01T06:00:00.20Z")]
    [InlineData("1003", "2024-01-01T09:00:00.50Z")] // comm "a) R 1 2 3 4 5"
    [InlineData("1004", "2024-01-01T00:00:15.00Z")]
    [InlineData("1007", "2024-01-01T15:00:00.30Z")] // comm "redis-server *:"
    [InlineData("1008", "2024-01-02T01:01:00.00Z")]
    public void Reads_when_a_fixture_process_started(string pid, string expected)
    {
        Assert.True(ProcessStartTime.TryRead(FixtureTree.Path(Fixture, "proc", pid, "stat"), BootTime, out var startedAt));
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), startedAt);
    }

    /// <summary>The kernel's own files: a process started now reads as started now (USER_HZ and field 22 are right).</summary>
    [Fact]
    public void A_process_started_now_reads_as_started_now()
    {
        var before = DateTimeOffset.UtcNow;
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var after = DateTimeOffset.UtcNow;
        try
        {
            Assert.True(ProcessStartTime.TryReadBootTime("/proc/stat", out var bootTime));
            Assert.True(ProcessStartTime.TryRead($"/proc/{process.Id}/stat", bootTime, out var startedAt));

            // btime is whole seconds, rounded down: the computed time is up to a second early.
            Assert.InRange(startedAt, before.AddSeconds(-1.1), after.AddSeconds(0.1));
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    [Theory]
    [InlineData("25218 (bash) " + Fields, 339951UL)]
    [InlineData("25218 (bash) " + Fields + "\n", 339951UL)]
    [InlineData("25218 ((sd-pam)) " + Fields, 339951UL)]
    [InlineData("25218 (a) b) c) " + Fields, 339951UL)]
    [InlineData("25218 () " + Fields, 339951UL)]
    [InlineData("25218 (x\ny) " + Fields, 339951UL)] // a name may hold a newline
    [InlineData(") " + Fields, 339951UL)]
    public void Start_ticks_are_field_22_counted_from_the_last_parenthesis(string stat, ulong expected)
    {
        Assert.True(ProcessStat.TryParseStartTicks(Encoding.UTF8.GetBytes(stat), out var ticks));
        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("25218 (bash ")] // no ')'
    [InlineData("25218 (bash)" + Fields)] // no space after ')'
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0")] // cut before field 22
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 ")] // field 22 empty
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 abc 3133440")]
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 -1 3133440")]
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 18446744073709551616 3133440")]
    [InlineData("25218 (bash) S 25214 25218 23290 34816 25218 4194304 99 0 0 0 0 0 0 0 20 0 1 0 339951) 3133440")] // a ')' later on
    public void Malformed_stat_lines_are_rejected(string stat)
    {
        Assert.False(ProcessStat.TryParseStartTicks(Encoding.UTF8.GetBytes(stat), out var ticks));
        Assert.Equal(0UL, ticks);
    }

    [Theory]
    [InlineData("cpu  1 2 3\nintr 1 2\nbtime 1704067200\nprocesses 5\n", 1704067200L)]
    [InlineData("btime 0\n", 0L)]
    [InlineData("btime 1704067200", 1704067200L)]
    [InlineData("btime 1704067200\r\n", 1704067200L)]
    [InlineData("btime 253402300799\n", 253402300799L)] // 9999-12-31T23:59:59Z, the last second DateTimeOffset holds
    public void Boot_time_is_the_btime_line(string procStat, long expected)
    {
        Assert.True(ProcessStartTime.TryParseBootTime(Encoding.UTF8.GetBytes(procStat), out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cpu  1 2 3\nprocesses 5\n")]
    [InlineData("btime\n")]
    [InlineData("btime \n")]
    [InlineData("btime -1\n")]
    [InlineData("btime abc\n")]
    [InlineData("btime 253402300800\n")]
    [InlineData("btime 18446744073709551616\n")]
    [InlineData("xbtime 5\n")]
    [InlineData(" btime 5\n")]
    [InlineData("btime 5 6\n")]
    public void Malformed_boot_times_are_rejected(string procStat)
    {
        Assert.False(ProcessStartTime.TryParseBootTime(Encoding.UTF8.GetBytes(procStat), out var seconds));
        Assert.Equal(0L, seconds);
    }

    [Theory]
    [InlineData(99UL, true)] // 9999-12-31T23:59:59.99Z
    [InlineData(100UL, false)] // a second more than DateTimeOffset holds
    [InlineData(ulong.MaxValue, false)]
    public void A_start_time_past_what_DateTimeOffset_holds_is_rejected(ulong ticks, bool expected)
    {
        using var tree = TempTree.Empty();
        File.WriteAllText(tree.Path("stat"), $"1 (init) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 {ticks} 0\n");

        Assert.Equal(expected, ProcessStartTime.TryRead(tree.Path("stat"), LatestBootTime, out var startedAt));
        Assert.Equal(expected ? LatestBootTime.AddMilliseconds(990) : default, startedAt);
    }

    [Fact]
    public void Missing_files_and_directories_read_as_false()
    {
        Assert.False(ProcessStartTime.TryReadBootTime(FixtureTree.Path(Fixture, "proc", "4242", "stat"), out _));
        Assert.False(ProcessStartTime.TryRead(FixtureTree.Path(Fixture, "proc", "4242", "stat"), BootTime, out _));
        Assert.False(ProcessStartTime.TryRead(FixtureTree.Path(Fixture, "proc", "1001"), BootTime, out _));
    }
}
