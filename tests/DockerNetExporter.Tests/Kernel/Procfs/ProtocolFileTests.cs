using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class ProtocolFileTests
{
    /// <summary>The kernel makes the content afresh at each read from offset 0: one handle shows the counters moving.</summary>
    [Fact]
    public void A_kept_open_file_shows_the_counters_as_they_move()
    {
        using var file = ProtocolFile.Open("/proc/self/net/snmp", new SnmpParser());
        Assert.True(file.TryRead(out var before));

        using (var client = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
        {
            var port = ((System.Net.IPEndPoint)client.Client.LocalEndPoint!).Port;
            for (var i = 0; i < 5; i++)
            {
                client.Send([1], 1, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            }
        }

        Assert.True(file.TryRead(out var after));
        Assert.True(after.Udp!.Value.OutDatagrams >= before.Udp!.Value.OutDatagrams + 5, $"{before.Udp} then {after.Udp}");
    }

    /// <summary>
    /// As for net/dev: a file whose process left the namespace between the mapping and the open is
    /// closed and its budget given back; one still in it is kept and read.
    /// </summary>
    [Theory]
    [InlineData(4026532001UL, true)]
    [InlineData(4026532002UL, false)]
    public void A_namespace_s_file_is_kept_only_while_its_process_is_still_in_that_namespace(ulong mapped, bool kept)
    {
        var budget = new OpenFileBudget(4, NullLogger.Instance);
        var net = FixtureTree.Path(Fixture, "proc", "1001");

        using var file = ProtocolFile.TryOpenOfNamespace(Path.Combine(net, "net", "netstat"), Path.Combine(net, "ns", "net"), mapped, budget, new NetstatParser());

        Assert.Equal(kept, file is not null);
        Assert.Equal(kept ? 1 : 0, budget.Kept);
        if (file is not null)
        {
            Assert.True(file.TryRead(out var counters));
            Assert.Equal(new TcpExtCounters(121, 122, 123), counters);
        }
    }

    [Fact]
    public void A_spent_budget_opens_nothing_and_a_missing_file_gives_its_share_back()
    {
        var budget = new OpenFileBudget(1, NullLogger.Instance);
        var net = FixtureTree.Path(Fixture, "proc", "1001");
        var netns = Path.Combine(net, "ns", "net");

        Assert.Null(ProtocolFile.TryOpenOfNamespace(Path.Combine(net, "net", "nonexistent"), netns, 4026532001, budget, new Snmp6Parser()));
        Assert.Equal(0, budget.Kept);
        using var first = ProtocolFile.TryOpenOfNamespace(Path.Combine(net, "net", "snmp6"), netns, 4026532001, budget, new Snmp6Parser());
        using var second = ProtocolFile.TryOpenOfNamespace(Path.Combine(net, "net", "snmp6"), netns, 4026532001, budget, new Snmp6Parser());

        Assert.NotNull(first);
        Assert.Null(second);
        first!.Dispose();
        Assert.Equal(0, budget.Kept);
    }

    /// <summary>A file that is no counters file of the kernel's: 64 KiB (netstat is 4 KiB) is refused unread, not grown into.</summary>
    [Theory]
    [InlineData(ProtocolFile.MaxBytes - 1, true)]
    [InlineData(ProtocolFile.MaxBytes, false)]
    [InlineData(64 * ProtocolFile.MaxBytes, false)]
    public void Content_of_the_bound_or_longer_fails_the_read(int length, bool read)
    {
        using var tree = TempTree.Empty();
        var tail = "TcpExt: ListenOverflows ListenDrops TCPBacklogDrop\nTcpExt: 1 2 3\n";
        File.WriteAllText(tree.Path("netstat"), new string('#', length - tail.Length - 1) + "\n" + tail);
        using var file = ProtocolFile.Open(tree.Path("netstat"), new NetstatParser());

        Assert.Equal(read, file.TryRead(out var counters));
        Assert.Equal(read ? new TcpExtCounters(1, 2, 3) : default, counters);
    }

    [Fact]
    public void A_closed_file_fails_the_read()
    {
        var file = ProtocolFile.Open(FixtureTree.Path(Fixture, "proc", "1", "net", "snmp"), new SnmpParser());
        file.Dispose();

        Assert.False(file.TryRead(out var counters));
        Assert.Equal(default, counters);
    }
}
