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

    /// <summary>
    /// Containers get addresses from IPAM's IPRange when there is one; a bridge network's bridge takes
    /// an address whether or not anyone names it, so capacity does not change when a container joins.
    /// </summary>
    [Theory]
    [InlineData("10.254.250.0/29", "", "", true, 5)]                  // --subnet alone: the bridge holds .1 all the same
    [InlineData("10.254.250.0/29", "", "", false, 6)]                 // another driver: no address is the bridge's
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.128/25", true, 127)] // .128 to .255, less the broadcast; the gateway is outside the range
    [InlineData("10.0.0.0/24", "10.0.0.129", "10.0.0.128/25", true, 126)] // the gateway inside the range takes one more
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.0/25", true, 126)] // .0 to .127, less the network address and the gateway
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.1.0.0/25", true, 253)] // a range outside the subnet is ignored: the whole subnet
    [InlineData("fd00::/120", "", "fd00::80/121", true, 127)]
    public void Capacity_counts_the_IPRange_and_the_bridge_s_address(string subnet, string gateway, string ipRange, bool gatewayReserved, double expected)
    {
        Assert.Equal(expected, SubnetAddresses.Capacity(subnet, gateway, ipRange, gatewayReserved));
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
