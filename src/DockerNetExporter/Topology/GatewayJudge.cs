using System.Collections.Immutable;
using System.Net;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>
/// Where a gateway is. Where the host namespace's addresses could be read, by the host's word for
/// every container, veths mapped or not: an address the host holds on the container's own bridge is
/// its bridge; one it holds on any other interface takes the container's traffic around its bridge;
/// one no host interface holds is outside the host (a macvlan's or ipvlan's upstream router, whose
/// traffic the host never routes), unless it is on a segment of the container's bridges: in a subnet
/// of one of its bridge networks, or reached from a namespace whose only interfaces are host veths,
/// which has no way out but its bridges. Only where the host's
/// addresses could not be read does the runtime's word stand: what it gave the container's
/// networks, by driver.
/// </summary>
internal static class GatewayJudge
{
    /// <summary>A container's (or a namespace found in the kernel's) default gateway; null without one, or without any word on it.</summary>
    /// <param name="links">Its interfaces: the host bridges its veths hang on are its own.</param>
    /// <param name="container">What the runtime says of it: the bridges of its bridge networks are its own too; null for a namespace found in the kernel.</param>
    /// <param name="hostAddresses">The host namespace's addresses by interface name; null where they could not be read.</param>
    public static GatewayVerdict? OfContainer(
        string? gateway,
        IEnumerable<VethLink> links,
        RuntimeContainer? container,
        ImmutableDictionary<string, RuntimeNetwork> networks,
        ImmutableDictionary<string, ImmutableArray<string>>? hostAddresses)
    {
        if (gateway is null)
        {
            return null;
        }

        var endpointNetworks = container?.Endpoints.Select(e => networks.GetValueOrDefault(e.NetworkId)).OfType<RuntimeNetwork>() ?? [];
        if (hostAddresses is not null)
        {
            // A veth's mapping can fail (unproven, forged); the runtime's attachment still says which bridge is the container's.
            var ownBridges = links.Select(l => l.Bridge).Concat(endpointNetworks.Select(n => n.BridgeName)).OfType<string>();
            var held = HeldBy(gateway, ownBridges, endpointNetworks, hostAddresses);
            var onlyBridges = links.Any() && links.All(l => l.Kind == LinkKind.HostVeth);
            return new GatewayVerdict(held == GatewayLocation.Outside && onlyBridges ? GatewayLocation.BridgeSubnet : held, VerdictSource.Kernel);
        }

        if (container is null)
        {
            return null;
        }

        var locations = container.Endpoints
            .Where(e => e.Gateway == gateway || (networks.TryGetValue(e.NetworkId, out var network) && network.Subnets.Any(s => s.Gateway == gateway)))
            .Select(e => ByDriver(networks.GetValueOrDefault(e.NetworkId)?.Driver))
            .ToList();
        var location = locations.Contains(GatewayLocation.Bridge) ? GatewayLocation.Bridge
            : locations.Contains(GatewayLocation.Outside) ? GatewayLocation.Outside
            : GatewayLocation.Unknown;
        return new GatewayVerdict(location, VerdictSource.Runtime);
    }

    /// <summary>The gateway the runtime's IPAM gave each subnet of each network, where it gave one, by network name.</summary>
    /// <param name="networksByBridge">The host bridge each bridge network is on, as the join found it.</param>
    public static ImmutableArray<NetworkGateway> OfNetworks(
        RuntimeInventory inventory,
        IReadOnlyDictionary<string, RuntimeNetwork> networksByBridge,
        ImmutableDictionary<string, ImmutableArray<string>>? hostAddresses)
    {
        var gateways = ImmutableArray.CreateBuilder<NetworkGateway>();
        foreach (var network in inventory.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal))
        {
            var ownBridges = networksByBridge.Where(p => p.Value.Id == network.Id).Select(p => p.Key).ToList();
            foreach (var subnet in network.Subnets.Where(s => s.Gateway.Length > 0))
            {
                var verdict = hostAddresses is null
                    ? new GatewayVerdict(ByDriver(network.Driver), VerdictSource.Runtime)
                    : new GatewayVerdict(HeldBy(subnet.Gateway, ownBridges, [network], hostAddresses), VerdictSource.Kernel);
                gateways.Add(new NetworkGateway(network.Name, network.Id, network.Driver, subnet.Subnet, subnet.Gateway, verdict));
            }
        }

        return gateways.ToImmutable();
    }

    /// <summary>The host's word: which of its interfaces holds the address, if any; if none, whether it is on the segment of a bridge network of these.</summary>
    private static GatewayLocation HeldBy(
        string gateway, IEnumerable<string> ownBridges, IEnumerable<RuntimeNetwork> ownNetworks, ImmutableDictionary<string, ImmutableArray<string>> hostAddresses)
    {
        // The runtime's strings need not be written as netlink's are (fd00:0::1 for fd00::1).
        var address = IPAddress.TryParse(gateway, out var parsed) ? parsed.ToString() : gateway;
        return ownBridges.Any(b => hostAddresses.TryGetValue(b, out var held) && held.Contains(address)) ? GatewayLocation.Bridge
            : hostAddresses.Values.Any(held => held.Contains(address)) ? GatewayLocation.Host
            : ownNetworks.Any(n => n.Driver == "bridge" && n.Subnets.Any(s => SubnetAddresses.Contains(s.Subnet, address))) ? GatewayLocation.BridgeSubnet
            : GatewayLocation.Outside;
    }

    /// <summary>
    /// The runtime's word: a bridge network's gateway is its bridge's address; a macvlan's or ipvlan's
    /// is an upstream router's (Docker never gives it to the host). Of other drivers it says nothing.
    /// </summary>
    private static GatewayLocation ByDriver(string? driver) => driver switch
    {
        "bridge" => GatewayLocation.Bridge,
        "macvlan" or "ipvlan" => GatewayLocation.Outside,
        _ => GatewayLocation.Unknown,
    };
}
