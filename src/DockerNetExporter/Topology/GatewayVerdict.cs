namespace DockerNetExporter.Topology;

/// <summary>Where a default or IPAM gateway is, and on whose word (see <see cref="GatewayJudge"/>).</summary>
internal sealed record GatewayVerdict(GatewayLocation Location, VerdictSource Source);

/// <summary>How the series and the report spell a verdict: the values of the location and source labels.</summary>
internal static class GatewayVerdictLabels
{
    public static string Label(this GatewayLocation location) => location switch
    {
        GatewayLocation.Bridge => "bridge",
        GatewayLocation.Host => "host",
        GatewayLocation.Outside => "outside",
        GatewayLocation.BridgeSubnet => "bridge_subnet",
        _ => "unknown",
    };

    public static string Label(this VerdictSource source) => source == VerdictSource.Kernel ? "kernel" : "runtime";
}

/// <summary>Where a gateway address is held.</summary>
internal enum GatewayLocation
{
    /// <summary>On its bridge: the host holds it on a bridge the container's veths hang on (or Docker gave it to a bridge network of the container's).</summary>
    Bridge,

    /// <summary>By the host, on another interface: traffic to it leaves the bridge for the host's own routing.</summary>
    Host,

    /// <summary>
    /// By no interface of the host's namespace, and on no segment of the container's bridges: an
    /// upstream router on a macvlan's or ipvlan's parent network, or an overlay's sandbox (or Docker
    /// gave it to a macvlan or ipvlan network).
    /// </summary>
    Outside,

    /// <summary>
    /// By no interface of the host's namespace, but on a segment of the container's bridges (in a
    /// subnet of one of its bridge networks, or its only interfaces are host veths): yet not the
    /// bridge. Another container that routes for it, or no one (a bridge readdressed by hand, whose
    /// old address IPAM still gives).
    /// </summary>
    BridgeSubnet,

    /// <summary>Docker gave it to none of the container's networks, and the host's addresses could not be read to place it.</summary>
    Unknown,
}

/// <summary>Whose word a verdict is.</summary>
internal enum VerdictSource
{
    /// <summary>The addresses the host namespace holds, read through netlink at each mapping.</summary>
    Kernel,

    /// <summary>What the runtime gave its networks: where the host's addresses could not be read.</summary>
    Runtime,
}

/// <summary>The gateway the runtime's IPAM gave one subnet of a network, of any driver, and where it is.</summary>
internal sealed record NetworkGateway(string Network, string NetworkId, string Driver, string Subnet, string Gateway, GatewayVerdict Verdict);
