using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.Topology;

/// <summary>How many addresses a Docker subnet can hand out, and whether an address lies in it.</summary>
internal static class SubnetAddresses
{
    /// <summary>
    /// Addresses Docker's IPAM can assign to containers in the subnet: those of its IPRange (the
    /// whole subnet without one) less, for IPv4, the subnet's network and broadcast addresses
    /// (prefixes up to /30) where they fall in it, and less the gateway. A gateway no one names is
    /// still one address when <paramref name="gatewayReserved"/>: Docker's bridge driver takes one
    /// for the bridge whether IPAM names it or not, so the figure does not wait for a container to
    /// tell it. 0 for a subnet that does not parse.
    /// </summary>
    /// <param name="gateway">The gateway, if known (IPAM's, or the bridge's own address).</param>
    /// <param name="ipRange">IPAM's IPRange, a CIDR within the subnet; empty, or not within it, for the whole subnet.</param>
    public static double Capacity(string subnet, string? gateway, string ipRange = "", bool gatewayReserved = false)
    {
        if (!IPNetwork.TryParse(subnet, out var network))
        {
            return 0;
        }

        var pool = IPNetwork.TryParse(ipRange, out var range) && range.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily
            && range.PrefixLength >= network.PrefixLength && network.Contains(range.BaseAddress)
            ? range
            : network;
        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var size = Math.Pow(2, bits - pool.PrefixLength);
        var reserved = 0;
        if (bits == 32 && network.PrefixLength <= 30)
        {
            reserved += pool.Contains(network.BaseAddress) ? 1 : 0;
            reserved += pool.Contains(Broadcast(network)) ? 1 : 0;
        }

        if (gateway is { Length: > 0 } ? Contains(pool, gateway) : gatewayReserved)
        {
            reserved++;
        }

        return Math.Max(0, size - reserved);
    }

    private static IPAddress Broadcast(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        var hostBits = 32 - network.PrefixLength;
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) | (uint)((1UL << hostBits) - 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static bool Contains(string subnet, string address) => IPNetwork.TryParse(subnet, out var network) && Contains(network, address);

    private static bool Contains(IPNetwork network, string address) => IPAddress.TryParse(address, out var ip) && network.Contains(ip);
}
