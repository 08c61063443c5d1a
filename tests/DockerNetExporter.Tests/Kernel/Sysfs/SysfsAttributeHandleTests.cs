using System.Diagnostics;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

public sealed class SysfsAttributeHandleTests
{
    private static string Statistic(string fixture, string netInterface, string file) =>
        FixtureTree.Path(fixture, "sys", "class", "net", netInterface, "statistics", file);

    [Fact]
    public void Reads_the_value_written_in_the_fixture()
    {
        using var handle = SysfsAttributeHandle.TryOpen(Statistic("docker-host", "vethaaa", "tx_bytes"), FixtureTree.FileSystem);

        Assert.NotNull(handle);
        Assert.True(handle.TryReadUInt64(out var value));
        Assert.Equal(9000001UL, value);
    }

    [Fact]
    public void Reads_2_to_the_64_minus_1()
    {
        using var handle = SysfsAttributeHandle.TryOpen(Statistic("docker-host", "vethbbb", "tx_bytes"), FixtureTree.FileSystem);

        Assert.NotNull(handle);
        Assert.True(handle.TryReadUInt64(out var value));
        Assert.Equal(18446744073709551615UL, value);
    }

    [Fact]
    public void Re_reads_at_offset_0_and_sees_a_rewritten_value()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var path = tree.Path("sys", "class", "net", "vethaaa", "statistics", "tx_bytes");
        using var handle = SysfsAttributeHandle.TryOpen(path, tree.FileSystem)!;
        Assert.True(handle.TryReadUInt64(out var before));
        Assert.Equal(9000001UL, before);

        // Rewritten in place (same inode), as sysfs regenerates the value on every read from offset 0.
        File.WriteAllText(path, "9000777\n");
        Assert.True(handle.TryReadUInt64(out var after));
        Assert.Equal(9000777UL, after);

        // Shorter than before: no stale digits from the first read may remain.
        File.WriteAllText(path, "5\n");
        Assert.True(handle.TryReadUInt64(out var shorter));
        Assert.Equal(5UL, shorter);

        // And the same value twice in a row: reading does not consume anything.
        Assert.True(handle.TryReadUInt64(out var again));
        Assert.Equal(5UL, again);
    }

    [Theory]
    [InlineData("vethggg", "tx_bytes")] // "abc"
    [InlineData("vethggg", "rx_dropped")] // "-1"
    [InlineData("vethggg", "tx_packets")] // 2^64: one more than a 64-bit counter holds
    [InlineData("docker0", "rx_bytes")] // empty file
    public void Garbage_in_the_fixture_reads_as_false(string netInterface, string file)
    {
        using var handle = SysfsAttributeHandle.TryOpen(Statistic("garbage-host", netInterface, file), FixtureTree.FileSystem);

        Assert.NotNull(handle);
        Assert.False(handle.TryReadUInt64(out _));
    }

    [Fact]
    public void A_100_KB_file_is_rejected_even_though_it_is_all_digits()
    {
        // 102399 '1's and a newline: no kernel attribute is that long.
        var path = FixtureTree.Path("garbage-host", "containers", "junk", "sys", "class", "net", "eth0", "mtu");
        Assert.Equal(100 * 1024, new FileInfo(path).Length);
        using var handle = SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem);

        Assert.NotNull(handle);
        Assert.False(handle.TryReadUInt64(out _));
    }

    [Theory]
    [InlineData(63, true)] // 61 zeros, a 7 and a newline: fits the 64-byte buffer
    [InlineData(64, false)] // fills it: rejected, however harmless the content
    public void The_buffer_limit_is_64_bytes(int length, bool fits)
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("value");
        File.WriteAllText(path, new string('0', length - 2) + "7\n");
        using var handle = SysfsAttributeHandle.TryOpen(path, tree.FileSystem)!;

        Assert.Equal(fits, handle.TryReadUInt64(out var value));
        Assert.Equal(fits ? 7UL : 0UL, value);
    }

    [Fact]
    public void A_missing_file_does_not_open()
    {
        Assert.Null(SysfsAttributeHandle.TryOpen(Statistic("docker-host", "vethgone", "tx_bytes"), FixtureTree.FileSystem));
    }

    [Fact]
    public void A_directory_does_not_open()
    {
        Assert.Null(SysfsAttributeHandle.TryOpen(FixtureTree.Path("docker-host", "sys", "class", "net", "vethaaa", "statistics"), FixtureTree.FileSystem));
    }

    [Fact]
    public void Opening_a_deleted_file_gives_null_not_an_exception()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var path = tree.Path("sys", "class", "net", "vethaaa", "statistics", "tx_bytes");
        File.Delete(path);

        Assert.Null(SysfsAttributeHandle.TryOpen(path, tree.FileSystem));
    }

    [Fact]
    public void A_read_that_fails_after_the_file_went_away_gives_false_not_an_exception()
    {
        // A sysfs file whose interface is deleted fails its next read with ENODEV. A /proc/PID file
        // whose process has exited fails the same way (ESRCH), and needs no root to set up.
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        SysfsAttributeHandle? handle = null;
        try
        {
            handle = SysfsAttributeHandle.TryOpen($"/proc/{process.Id}/oom_score", FileSystemType.Of("/proc")!.Value); // a number from 0 to 2000
            Assert.NotNull(handle);
            Assert.True(handle.TryReadUInt64(out _));
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }

        using (handle)
        {
            Assert.False(handle.TryReadUInt64(out var value));
            Assert.Equal(0UL, value);
            Assert.False(handle.TryReadOperStateUp(out _));
        }
    }

    [Fact]
    public void A_disposed_handle_reads_false()
    {
        var handle = SysfsAttributeHandle.TryOpen(Statistic("docker-host", "vethaaa", "tx_bytes"), FixtureTree.FileSystem)!;
        handle.Dispose();

        Assert.False(handle.TryReadUInt64(out _));
    }

    [Theory]
    [InlineData("docker-host", "containers/api/sys/class/net/eth1/operstate", true, false)] // "down"
    [InlineData("docker-host", "containers/web/sys/class/net/eth0/operstate", true, true)] // "up"
    [InlineData("docker-host", "sys/class/net/lo/operstate", true, false)] // "unknown"
    [InlineData("garbage-host", "containers/junk/sys/class/net/eth0/operstate", false, false)] // "sideways"
    public void Reads_operstate(string fixture, string relativePath, bool readable, bool expectedUp)
    {
        using var handle = SysfsAttributeHandle.TryOpen(FixtureTree.Path([fixture, .. relativePath.Split('/')]), FixtureTree.FileSystem)!;

        Assert.Equal(readable, handle.TryReadOperStateUp(out var up));
        Assert.Equal(expectedUp, up);
    }
}

public sealed class StatisticsHandlesTests
{
    private static string Interface(string fixture, string netInterface) => FixtureTree.Path(fixture, "sys", "class", "net", netInterface);

    [Fact]
    public void Reads_the_eight_statistics_in_constructor_order()
    {
        using var handles = StatisticsHandles.TryOpen(Interface("docker-host", "vethaaa"), FixtureTree.FileSystem);

        Assert.NotNull(handles);
        Assert.True(handles.TryRead(out var counters));

        // Fixtures/docker-host/sys/class/net/vethaaa/statistics/*
        Assert.Equal(new InterfaceCounters(
            ReceiveBytes: 2000001, ReceivePackets: 2001, ReceiveErrors: 1, ReceiveDropped: 2,
            TransmitBytes: 9000001, TransmitPackets: 9001, TransmitErrors: 3, TransmitDropped: 4), counters);
    }

    [Fact]
    public void The_peer_sees_transmit_as_receive()
    {
        var veth = new InterfaceCounters(1, 2, 3, 4, 5, 6, 7, 8);

        Assert.Equal(new InterfaceCounters(5, 6, 7, 8, 1, 2, 3, 4), veth.AsSeenByPeer());
    }

    [Fact]
    public void Re_reads_rewritten_files()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var directory = tree.Path("sys", "class", "net", "vethbbb");
        using var handles = StatisticsHandles.TryOpen(directory, tree.FileSystem)!;
        Assert.True(handles.TryRead(out var before));
        Assert.Equal(18446744073709551615UL, before.TransmitBytes);

        File.WriteAllText(Path.Combine(directory, "statistics", "rx_packets"), "3002\n");
        File.WriteAllText(Path.Combine(directory, "statistics", "tx_bytes"), "0\n"); // a 64-bit counter that wrapped

        Assert.True(handles.TryRead(out var after));
        Assert.Equal(3002UL, after.ReceivePackets);
        Assert.Equal(0UL, after.TransmitBytes);
        Assert.Equal(3000001UL, after.ReceiveBytes);
    }

    [Fact]
    public void One_garbage_file_fails_the_whole_read()
    {
        using var handles = StatisticsHandles.TryOpen(Interface("garbage-host", "vethggg"), FixtureTree.FileSystem);

        Assert.NotNull(handles);
        Assert.False(handles.TryRead(out var counters));
        Assert.Equal(default, counters);
    }

    [Fact]
    public void A_garbage_value_written_later_fails_the_read_without_throwing()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var directory = tree.Path("sys", "class", "net", "vethaaa");
        using var handles = StatisticsHandles.TryOpen(directory, tree.FileSystem)!;

        File.WriteAllText(Path.Combine(directory, "statistics", "tx_dropped"), "-1\n");
        Assert.False(handles.TryRead(out _));

        File.WriteAllText(Path.Combine(directory, "statistics", "tx_dropped"), new string('9', 100 * 1024));
        Assert.False(handles.TryRead(out _));

        File.WriteAllText(Path.Combine(directory, "statistics", "tx_dropped"), "4\n");
        Assert.True(handles.TryRead(out var counters));
        Assert.Equal(4UL, counters.TransmitDropped);
    }

    [Fact]
    public void A_missing_statistics_file_opens_nothing()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var directory = tree.Path("sys", "class", "net", "vethaaa");
        File.Delete(Path.Combine(directory, "statistics", "tx_dropped")); // the last one: the seven before it are opened, then closed

        Assert.Null(StatisticsHandles.TryOpen(directory, tree.FileSystem));
    }

    [Fact]
    public void A_deleted_interface_opens_nothing()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var directory = tree.Path("sys", "class", "net", "vethaaa");
        Directory.Delete(directory, recursive: true);

        Assert.Null(StatisticsHandles.TryOpen(directory, tree.FileSystem));
    }
}
