using System.Collections.Immutable;

namespace DockerNetExporter.Docker;

/// <summary>A Docker network (network list).</summary>
/// <param name="BridgeName">For the bridge driver, the Linux bridge behind it; null for other drivers.</param>
internal sealed record DockerNetwork(
    string Id,
    string Name,
    string Driver,
    string? BridgeName,
    ImmutableArray<DockerSubnet> Subnets)
{
    /// <summary>
    /// Docker names a bridge network's device by its com.docker.network.bridge.name option, else
    /// br- and the first 12 characters of the network id (libnetwork drivers/bridge).
    /// </summary>
    public static string DefaultBridgeName(string networkId) => "br-" + (networkId.Length > 12 ? networkId[..12] : networkId);
}

/// <summary>One IPAM config entry; Gateway is empty when Docker leaves it out (the default bridge on Docker 20.10).</summary>
internal sealed record DockerSubnet(string Subnet, string Gateway);
