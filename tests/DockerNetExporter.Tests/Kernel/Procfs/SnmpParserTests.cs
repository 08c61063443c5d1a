using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>Fixtures/README.md says where the fixture's snmp files come from and which values were edited.</summary>
public sealed class SnmpParserTests
{
    private const string Tcp = "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
        + "Tcp: 1 200 120000 -1 5 6 7 8 2 10 11 12 13 14 0\n";

    private static readonly TcpCounters TcpValues = new(InSegs: 10, OutSegs: 11, RetransSegs: 12, InErrs: 13, OutRsts: 14, CurrEstab: 2);

    [Fact]
    public void Reads_a_host_namespace_s_file()
    {
        var counters = Parse(File.ReadAllText(FixtureTree.Path(Fixture, "proc", "1", "net", "snmp")));

        Assert.Equal(new IpCounters(InDiscards: 11, OutDiscards: 12, OutNoRoutes: 13, ReasmFails: 14), counters.Ip);
        Assert.Equal(new TcpCounters(InSegs: 4463646, OutSegs: 4454525, RetransSegs: 6084, InErrs: 17, OutRsts: 302128, CurrEstab: 2), counters.Tcp);
        Assert.Equal(new UdpCounters(InDatagrams: 210, OutDatagrams: 213, RcvbufErrors: 23, SndbufErrors: 24, NoPorts: 21, InErrors: 22), counters.Udp);
    }

    /// <summary>A container's namespace has no IcmpMsg pair until it has seen ICMP.</summary>
    [Fact]
    public void Reads_a_container_namespace_s_file()
    {
        var counters = Parse(File.ReadAllText(FixtureTree.Path(Fixture, "proc", "1001", "net", "snmp")));

        Assert.Equal(new IpCounters(101, 102, 103, 104), counters.Ip);
        Assert.Equal(new TcpCounters(InSegs: 1105, OutSegs: 1106, RetransSegs: 107, InErrs: 108, OutRsts: 109, CurrEstab: 3), counters.Tcp);
        Assert.Equal(new UdpCounters(InDatagrams: 1111, OutDatagrams: 1112, RcvbufErrors: 113, SndbufErrors: 114, NoPorts: 115, InErrors: 116), counters.Udp);
    }

    [Fact]
    public void Reads_the_test_process_namespace()
    {
        Assert.True(new SnmpParser().TryParse(File.ReadAllBytes("/proc/self/net/snmp"), out var counters));

        Assert.NotNull(counters.Ip);
        Assert.NotNull(counters.Tcp);
        Assert.NotNull(counters.Udp);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_among_unknown_ones()
    {
        var counters = Parse(
            "Tcp: Future1 OutRsts InErrs CurrEstab RtoMin RetransSegs OutSegs InSegs Future2\n"
            + "Tcp: 18446744073709551616 14 13 2 200 12 11 10 -5\n");

        Assert.Equal(TcpValues, counters.Tcp);
    }

    /// <summary>A parser serves every namespace and keeps the columns of the names line it saw last: a new line is read anew.</summary>
    [Fact]
    public void A_names_line_that_changes_is_read_anew()
    {
        var parser = new SnmpParser();
        Assert.True(parser.TryParse(Encoding.ASCII.GetBytes(Tcp), out var first));
        Assert.True(parser.TryParse("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 14 2\n"u8, out var reordered));
        Assert.True(parser.TryParse(Encoding.ASCII.GetBytes(Tcp), out var again));

        Assert.Equal(TcpValues, first.Tcp);
        Assert.Equal(TcpValues, reordered.Tcp);
        Assert.Equal(TcpValues, again.Tcp);
    }

    [Theory]
    [InlineData("Tcp: RtoAlgorithm InSegs OutSegs RetransSegs InErrs OutRsts\nTcp: 1 10 11 12 13 14\n")] // CurrEstab missing
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 14\n")] // a value short
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 14 2 0\n")] // a value more
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 14 -2\n")]
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 14 18446744073709551616\n")]
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 10 11 12 13 0x14 2\n")]
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nUdp: 10 11 12 13 14 2\n")] // no values line
    [InlineData("Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\n\nTcp: 10 11 12 13 14 2\n")] // not the next line
    [InlineData("Tcp: 10 11 12 13 14 2\n")] // no names line
    [InlineData("TcpExt: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcpExt: 10 11 12 13 14 2\n")] // another section
    [InlineData("tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\ntcp: 10 11 12 13 14 2\n")]
    [InlineData("")]
    public void A_section_short_of_a_field_or_value_is_left_out_whole(string text)
    {
        Assert.False(new SnmpParser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));
        Assert.Equal(default, counters);
    }

    [Fact]
    public void A_broken_section_leaves_the_others_whole()
    {
        var counters = Parse(
            "Ip: Forwarding InDiscards OutDiscards OutNoRoutes\nIp: 1 2 3 4\n" // no ReasmFails
            + Tcp
            + "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdp: 1 2 3 4 5\n"); // a value short

        Assert.Null(counters.Ip);
        Assert.Equal(TcpValues, counters.Tcp);
        Assert.Null(counters.Udp);
    }

    /// <summary>UdpLite's names are Udp's: its pair, before or after, is not taken for Udp's.</summary>
    [Fact]
    public void Only_a_section_s_own_prefix_is_its()
    {
        const string Names = " InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\n";
        var counters = Parse($"UdpLite:{Names}UdpLite: 9 9 9 9 9 9\nUdp:{Names}Udp: 1 2 3 4 5 6\nUdpLite:{Names}UdpLite: 9 9 9 9 9 9\n");

        Assert.Equal(new UdpCounters(InDatagrams: 1, OutDatagrams: 4, RcvbufErrors: 5, SndbufErrors: 6, NoPorts: 2, InErrors: 3), counters.Udp);
    }

    [Fact]
    public void The_first_pair_of_a_section_counts()
    {
        var counters = Parse(Tcp + "Tcp: InSegs OutSegs RetransSegs InErrs OutRsts CurrEstab\nTcp: 9 9 9 9 9 9\n");

        Assert.Equal(TcpValues, counters.Tcp);
    }

    [Fact]
    public void Blanks_repeated_between_columns_and_a_file_without_its_last_newline_read_the_same()
    {
        var counters = Parse("Tcp:  InSegs OutSegs   RetransSegs InErrs OutRsts CurrEstab \nTcp: 10  11 12 13 14   2");

        Assert.Equal(TcpValues, counters.Tcp);
    }

    private static SnmpCounters Parse(string text)
    {
        Assert.True(new SnmpParser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));
        return counters;
    }
}
