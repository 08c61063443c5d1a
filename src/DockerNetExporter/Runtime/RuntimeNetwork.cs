using System.Collections.Immutable;

namespace DockerNetExporter.Runtime;

/// <summary>A container runtime's network (Docker's network list).</summary>
/// <param name="BridgeName">For the bridge driver, the Linux bridge behind it; null for other drivers.</param>
internal sealed record RuntimeNetwork(
    string Id,
    string Name,
    string Driver,
    string? BridgeName,
    ImmutableArray<RuntimeSubnet> Subnets);

/// <summary>One IPAM config entry; Gateway is empty when the runtime leaves it out (Docker 20.10's default bridge, a network made with --subnet alone, IPv6).</summary>
/// <param name="IPRange">The part of the subnet containers are given addresses from (--ip-range); empty for the whole subnet.</param>
internal sealed record RuntimeSubnet(string Subnet, string Gateway, string IPRange = "");
