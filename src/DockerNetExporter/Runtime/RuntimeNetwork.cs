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

/// <summary>One IPAM config entry; Gateway is empty when the runtime leaves it out (Docker 20.10's default bridge).</summary>
internal sealed record RuntimeSubnet(string Subnet, string Gateway);
