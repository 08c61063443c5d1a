using DockerNetExporter.Topology;

namespace DockerNetExporter.Tests.Topology;

public sealed class SubnetAddressesTests
{
    [Theory]
    [InlineData("172.17.0.0/16", "172.17.0.1", 65533)] // 65536 less network, broadcast, gateway
    [InlineData("172.17.0.0/16", "", 65534)]
    [InlineData("172.17.0.0/16", "10.0.0.1", 65534)] // a gateway outside the subnet takes nothing from it
    [InlineData("192.168.5.0/29", "192.168.5.1", 5)] // 8 less 3: .2 to .6
    [InlineData("192.168.5.0/30", "192.168.5.1", 1)]
    [InlineData("192.168.5.0/31", "", 2)] // RFC 3021: no network or broadcast address
    [InlineData("fd00::/120", "fd00::1", 255)]
    [InlineData("not a subnet", "", 0)]
    [InlineData("", "", 0)]
    public void Capacity_is_the_subnet_less_reserved_addresses(string subnet, string gateway, double expected)
    {
        Assert.Equal(expected, SubnetAddresses.Capacity(subnet, gateway));
    }

    [Theory]
    [InlineData("172.17.0.0/16", "172.17.255.254", true)]
    [InlineData("172.17.0.0/16", "172.18.0.1", false)]
    [InlineData("fd00::/64", "fd00::2", true)]
    [InlineData("172.17.0.0/16", "fd00::2", false)]
    [InlineData("172.17.0.0/16", "", false)]
    [InlineData("garbage", "172.17.0.2", false)]
    public void Contains(string subnet, string address, bool expected)
    {
        Assert.Equal(expected, SubnetAddresses.Contains(subnet, address));
    }
}
