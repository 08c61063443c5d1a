using System.Net;
using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class RouteTableTests
{
    private const string Header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    /// <summary>Fixtures/README.md lists the fixture's routing tables.</summary>
    [Theory]
    [InlineData("1001", "172.17.0.1")]
    [InlineData("1003", "172.19.0.254")]
    [InlineData("1006", null)] // none mode: no route at all
    public void Reads_the_default_gateway_of_a_fixture_namespace(string pid, string? gateway)
    {
        Assert.True(RouteTable.TryReadDefaultGateway(FixtureTree.Path(Fixture, "proc", pid, "net", "route"), out var read));

        Assert.Equal(gateway, read);
    }

    [Fact]
    public void A_missing_table_gives_false()
    {
        Assert.False(RouteTable.TryReadDefaultGateway(FixtureTree.Path(Fixture, "proc", "4242", "net", "route"), out var gateway));
        Assert.Null(gateway);
    }

    [Fact]
    public void The_default_route_of_lowest_metric_wins()
    {
        var table = Header
            + "eth0\t00000000\t010011AC\t0003\t0\t0\t200\t00000000\t0\t0\t0\n"
            + "eth1\t00000000\t010012AC\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
            + "eth2\t00000000\t010013AC\t0003\t0\t0\t300\t00000000\t0\t0\t0\n";

        Assert.True(RouteTable.TryParseDefaultGateway(Encoding.ASCII.GetBytes(table), out var gateway));

        Assert.Equal("172.18.0.1", gateway);
    }

    [Theory]
    [InlineData("eth0\t00000000\t010011AC\t0002\t0\t0\t0\t00000000\t0\t0\t0\n")] // not up
    [InlineData("eth0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n")] // a default route with no gateway (a point-to-point link)
    [InlineData("eth0\t000011AC\t010011AC\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0\n")] // not the default
    [InlineData("eth0\t00000000\t010011XX\t0003\t0\t0\t0\t00000000\t0\t0\t0\n")] // garbage
    [InlineData("eth0\t00000000\t010011AC\t0003\n")] // cut short
    public void Anything_but_a_default_route_through_a_gateway_gives_none(string line)
    {
        Assert.True(RouteTable.TryParseDefaultGateway(Encoding.ASCII.GetBytes(Header + line), out var gateway));

        Assert.Null(gateway);
    }

    [Fact]
    public void Content_without_the_header_is_no_route_table()
    {
        Assert.False(RouteTable.TryParseDefaultGateway("eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"u8, out _));
    }

    [Fact]
    public void Reads_the_test_process_namespace()
    {
        Assert.True(RouteTable.TryReadDefaultGateway("/proc/self/net/route", out var gateway));
        Assert.True(gateway is null || IPAddress.TryParse(gateway, out _), gateway);
    }

    [Fact]
    public void Tables_on_random_input()
    {
        var random = new Random(4242);
        for (var i = 0; i < Count; i++)
        {
            var address = (uint)random.NextInt64(1, uint.MaxValue);
            var table = Header + $"eth0\t00000000\t{address:X8}\t0003\t0\t0\t0\t00000000\t0\t0\t0" + new string(' ', random.Next(0, 80)) + "\n";
            var content = (i % 4) switch
            {
                0 => Latin1(table),
                1 => Latin1(table[..random.Next(0, table.Length + 1)]),
                2 => Latin1(Mutated(random, table)),
                _ => Garbage(random),
            };

            var ok = RouteTable.TryParseDefaultGateway(content, out var gateway);

            Assert.True(ok || gateway is null, Describe(i, content));
            Assert.True(gateway is null || IPAddress.TryParse(gateway, out _), Describe(i, content));
            Assert.True(i % 4 != 0 || gateway == new IPAddress(BitConverter.GetBytes(address)).ToString(), Describe(i, content));
        }
    }
}
