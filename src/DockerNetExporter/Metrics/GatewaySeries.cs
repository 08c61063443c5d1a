using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The gateway verdicts as series: where each container's default gateway and each network's IPAM
/// gateway is, and whether a container's is its bridge. A gateway outside the host is no bridge
/// that was missed, so it has no gateway_is_bridge series, and DockerNetGatewayNotBridge stays quiet for it.
/// </summary>
internal sealed class GatewaySeries(ExporterMetrics metrics)
{
    private readonly InfoSeriesSet isBridge = new(metrics.ContainerGatewayIsBridge);
    private readonly InfoSeriesSet containerInfo = new(metrics.ContainerGatewayInfo);
    private readonly InfoSeriesSet networkInfo = new(metrics.NetworkGatewayInfo);

    public void Sync(TopologySnapshot snapshot)
    {
        var judged = snapshot.Containers.Where(c => c.GatewayVerdict is not null).Select(c => (c.Name, Gateway: c.Gateway ?? "", Verdict: c.GatewayVerdict!)).ToList();
        isBridge.Sync(judged
            .Where(c => c.Verdict.Location != GatewayLocation.Outside)
            .Select(c => (new[] { c.Name, c.Gateway }, c.Verdict.Location == GatewayLocation.Bridge ? 1.0 : 0.0)));
        containerInfo.Sync(judged.Select(c => (new[] { c.Name, c.Gateway, c.Verdict.Location.Label(), c.Verdict.Source.Label() }, 1.0)));
        networkInfo.Sync(snapshot.NetworkGateways.Select(g => (new[] { g.Network, g.NetworkId, g.Driver, g.Subnet, g.Gateway, g.Verdict.Location.Label(), g.Verdict.Source.Label() }, 1.0)));
    }

}
