using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.Topology;

/// <summary>How many addresses a Docker subnet can hand out, and whether an address lies in it.</summary>
internal static class SubnetAddresses
{
    /// <summary>
    /// Addresses Docker's IPAM can assign to containers in the subnet: its size less, for IPv4, the
    /// network and broadcast addresses (prefixes up to /30), and less the gateway when it lies in the
    /// subnet. An IPRange narrower than the subnet is not taken into account. 0 for a subnet that
    /// does not parse.
    /// </summary>
    public static double Capacity(string subnet, string? gateway)
    {
        if (!IPNetwork.TryParse(subnet, out var network))
        {
            return 0;
        }

        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var size = Math.Pow(2, bits - network.PrefixLength);
        var reserved = bits == 32 && network.PrefixLength <= 30 ? 2 : 0;
        if (gateway is not null && Contains(network, gateway))
        {
            reserved++;
        }

        return Math.Max(0, size - reserved);
    }

    public static bool Contains(string subnet, string address) => IPNetwork.TryParse(subnet, out var network) && Contains(network, address);

    private static bool Contains(IPNetwork network, string address) => IPAddress.TryParse(address, out var ip) && network.Contains(ip);
}
