using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>Fixtures/README.md says where the fixture's snmp6 files come from and which values were edited.</summary>
public sealed class Snmp6ParserTests
{
    private const string Ip6 = "Ip6InDiscards                   \t1\nIp6OutDiscards                  \t2\nIp6OutNoRoutes                  \t3\nIp6ReasmFails                   \t4\n";

    [Fact]
    public void Reads_a_host_namespace_s_file()
    {
        var counters = Parse(File.ReadAllText(FixtureTree.Path(Fixture, "proc", "1", "net", "snmp6")));

        Assert.Equal(new IpCounters(InDiscards: 31, OutDiscards: 549, OutNoRoutes: 33, ReasmFails: 34), counters.Ip6);
        Assert.Equal(new UdpCounters(InDatagrams: 41, OutDatagrams: 42, RcvbufErrors: 43, SndbufErrors: 44, NoPorts: 45, InErrors: 46), counters.Udp6);
    }

    [Fact]
    public void Reads_a_container_namespace_s_file()
    {
        var counters = Parse(File.ReadAllText(FixtureTree.Path(Fixture, "proc", "1001", "net", "snmp6")));

        Assert.Equal(new IpCounters(131, 132, 133, 134), counters.Ip6);
        Assert.Equal(new UdpCounters(InDatagrams: 141, OutDatagrams: 142, RcvbufErrors: 143, SndbufErrors: 144, NoPorts: 145, InErrors: 146), counters.Udp6);
    }

    [Fact]
    public void Reads_the_test_process_namespace()
    {
        Assert.True(new Snmp6Parser().TryParse(File.ReadAllBytes("/proc/self/net/snmp6"), out var counters));

        Assert.NotNull(counters.Ip6);
        Assert.NotNull(counters.Udp6);
    }

    [Fact]
    public void Names_are_found_in_any_order_among_unknown_ones_with_any_blanks()
    {
        var counters = Parse("Udp6Future 18446744073709551616\nIp6ReasmFails 4\nIp6Future\t-1\nIp6OutNoRoutes\t\t3\nIp6OutDiscards \t 2 \nIp6InDiscards\t1");

        Assert.Equal(new IpCounters(1, 2, 3, 4), counters.Ip6);
        Assert.Null(counters.Udp6);
    }

    [Theory]
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\n")] // ReasmFails missing
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\nIp6ReasmFails\t\n")]
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\nIp6ReasmFails\t4 5\n")]
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\nIp6ReasmFails\t18446744073709551616\n")]
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\nIp6ReasmFails4\n")] // no blank: another name
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\n Ip6ReasmFails\t4\n")] // no name before the blank
    [InlineData("Ip6InDiscards\t1\nIp6OutDiscards\t2\nIp6OutNoRoutes\t3\nip6ReasmFails\t4\n")]
    [InlineData("")]
    public void A_section_short_of_a_field_or_value_is_left_out_whole(string text)
    {
        Assert.False(new Snmp6Parser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));
        Assert.Equal(default, counters);
    }

    [Fact]
    public void A_name_s_first_line_counts_even_when_its_value_is_not_a_number()
    {
        Assert.Equal(new IpCounters(1, 2, 3, 4), Parse(Ip6 + "Ip6InDiscards\t9\n").Ip6);
        Assert.False(new Snmp6Parser().TryParse(Encoding.ASCII.GetBytes("Ip6InDiscards\tx\n" + Ip6), out _));
    }

    private static Snmp6Counters Parse(string text)
    {
        Assert.True(new Snmp6Parser().TryParse(Encoding.ASCII.GetBytes(text), out var counters));
        return counters;
    }
}
