using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>Fixtures/README.md says where the fixture's netstat files come from and which values were edited.</summary>
public sealed class NetstatParserTests
{
    [Theory]
    [InlineData("1", 4424UL, 4425UL, 35UL)] // the host's: 136 TcpExt columns, then IpExt and MPTcpExt
    [InlineData("1001", 121UL, 122UL, 123UL)] // a container's
    public void Reads_a_namespace_s_file(string pid, ulong listenOverflows, ulong listenDrops, ulong backlogDrop)
    {
        Assert.True(new NetstatParser().TryParse(File.ReadAllBytes(FixtureTree.Path(Fixture, "proc", pid, "net", "netstat")), out var counters));

        Assert.Equal(new TcpExtCounters(listenOverflows, listenDrops, backlogDrop), counters);
    }

    [Fact]
    public void Reads_the_test_process_namespace()
    {
        Assert.True(new NetstatParser().TryParse(File.ReadAllBytes("/proc/self/net/netstat"), out _));
    }

    [Theory]
    [InlineData("TcpExt: TCPBacklogDrop Future ListenDrops ListenOverflows\nTcpExt: 3 18446744073709551616 2 1\n")]
    [InlineData("IpExt: ListenOverflows ListenDrops TCPBacklogDrop\nIpExt: 9 9 9\nTcpExt: ListenOverflows ListenDrops TCPBacklogDrop\nTcpExt: 1 2 3\n")]
    public void Columns_are_found_by_name_in_TcpExt_only(string text, ulong listenOverflows = 1, ulong listenDrops = 2, ulong backlogDrop = 3)
    {
        Assert.True(new NetstatParser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));

        Assert.Equal(new TcpExtCounters(listenOverflows, listenDrops, backlogDrop), counters);
    }

    [Theory]
    [InlineData("TcpExt: ListenOverflows ListenDrops\nTcpExt: 1 2\n")] // TCPBacklogDrop missing
    [InlineData("TcpExt: ListenOverflows ListenDrops TCPBacklogDrop\nTcpExt: 1 2\n")]
    [InlineData("TcpExt: ListenOverflows ListenDrops TCPBacklogDrop\nTcpExt: 1 2 three\n")]
    [InlineData("TcpExt: ListenOverflows ListenDrops TCPBacklogDrop\n")]
    [InlineData("TcpExt: ListenOverflows ListenDrops TCPBacklogDrop\0\nTcpExt: 1 2 3\n")]
    [InlineData("IpExt: ListenOverflows ListenDrops TCPBacklogDrop\nIpExt: 1 2 3\n")]
    public void A_TcpExt_short_of_a_field_or_value_gives_nothing(string text)
    {
        Assert.False(new NetstatParser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));
        Assert.Equal(default, counters);
    }
}
