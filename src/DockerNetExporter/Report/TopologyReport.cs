using System.Collections.Immutable;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Report;

/// <summary>
/// The host's picture for people and scripts (<c>DockerNetExporter topology</c>, GET /topology):
/// each bridge with its subnets and gateway, each veth on it and the container interface at its
/// other end, with the container's namespace, addresses, MAC, default gateway, published ports, live rates and what
/// its namespace dropped (<see cref="ProtocolDrops"/>); an
/// overlay's bridge in its sandbox with the VXLAN device that carries it to other hosts; then
/// the containers with no veth of their own (host, none, container: modes).
/// </summary>
/// <param name="IntervalSeconds">The time between the two counter reads the rates come from.</param>
internal sealed record TopologyReport(DateTimeOffset TakenAt, double IntervalSeconds, ImmutableArray<BridgeView> Bridges, ImmutableArray<ContainerView> WithoutVeth)
{
    /// <summary>Reads every container interface's counters, waits <paramref name="interval"/>, reads them again, and builds the report.</summary>
    /// <param name="sysfs">The type of the host's sysfs, which the veths' files must be on.</param>
    /// <param name="namespaceNetDev">Opens the counters of an interface with no host veth, in its own namespace.</param>
    /// <param name="protocolFiles">Opens each namespace's snmp, netstat and snmp6, read once at the end.</param>
    /// <param name="budget">The files the exporter may open: the reads open each veth's eight and close them.</param>
    public static async Task<TopologyReport> TakeAsync(
        TopologySnapshot snapshot,
        TimeSpan interval,
        FileSystemType sysfs,
        NamespaceNetDev namespaceNetDev,
        NamespaceProtocolFiles protocolFiles,
        OpenFileBudget budget,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var before = VethCounters.Read(snapshot, sysfs, namespaceNetDev, budget);
        var started = time.GetTimestamp();
        await Task.Delay(interval, time, cancellationToken);
        var after = VethCounters.Read(snapshot, sysfs, namespaceNetDev, budget);
        var elapsed = time.GetElapsedTime(started);
        return Build(snapshot, before, after, elapsed, time.GetUtcNow(), ProtocolDrops.Read(snapshot, protocolFiles, budget));
    }

    /// <param name="before">Each container interface's counters at the start of the interval, as <see cref="VethCounters.Read"/> gives them.</param>
    /// <param name="after">The same at its end.</param>
    /// <param name="drops">What each container's namespace dropped, by container, as <see cref="ProtocolDrops.Read"/> gives it.</param>
    public static TopologyReport Build(
        TopologySnapshot snapshot,
        IReadOnlyDictionary<string, InterfaceCounters> before,
        IReadOnlyDictionary<string, InterfaceCounters> after,
        TimeSpan interval,
        DateTimeOffset takenAt,
        IReadOnlyDictionary<string, ProtocolDrops> drops)
    {
        var seconds = interval.TotalSeconds;
        var ports = snapshot.Containers
            .SelectMany(c => c.Interfaces.Select(link => (Bridge: link.Bridge ?? "", Port: Port(c, link, before, after, seconds, drops.GetValueOrDefault(c.Name)))))
            .ToLookup(p => p.Bridge, p => p.Port, StringComparer.Ordinal);
        // An overlay's bridge is named as its links name it, SANDBOX/br0, and leads to the host through the sandbox's VXLAN device.
        var overlays = snapshot.Overlays.Where(o => o.Bridge is not null).ToDictionary(o => $"{o.Sandbox}/{o.Bridge}", StringComparer.Ordinal);
        var bridgeNames = snapshot.Bridges.Select(b => b.Name).Concat(overlays.Keys).Concat(ports.Select(g => g.Key)).Distinct(StringComparer.Ordinal);
        var bridges = bridgeNames
            .Select(name => (Name: name, Node: snapshot.Bridges.FirstOrDefault(b => b.Name == name), Overlay: overlays.GetValueOrDefault(name)))
            .Select(b => new BridgeView(
                b.Name,
                b.Node?.Network ?? b.Overlay?.Network ?? "",
                [.. b.Node?.Subnets.Select(s => s.Subnet) ?? []],
                [.. b.Node?.Subnets.Select(s => s.Gateway).OfType<string>() ?? []],
                [.. ports[b.Name].OrderBy(p => p.Container, StringComparer.Ordinal).ThenBy(p => p.Interface, StringComparer.Ordinal)],
                b.Node?.UnmappedPorts ?? 0,
                b.Overlay?.Vxlan is { } vxlan ? $"{b.Overlay.Sandbox}/{vxlan.Name}" : "",
                b.Overlay?.Vxlan?.Vni))
            .OrderBy(b => b.Name.Length == 0).ThenBy(b => b.Name, StringComparer.Ordinal);
        var withoutVeth = snapshot.Containers
            .Where(c => c.Interfaces.IsEmpty)
            .Select(c => new ContainerView(c.Name, c.NetworkMode ?? "", c.Netns, [.. c.Addresses.Select(a => a.Address)], c.Gateway ?? ""));
        return new TopologyReport(takenAt, seconds, [.. bridges], [.. withoutVeth]);
    }

    /// <summary>A container interface and its other end, with rates as the container sees them (<see cref="VethCounters"/>) and its namespace's drops.</summary>
    private static PortView Port(
        ContainerNode container,
        VethLink link,
        IReadOnlyDictionary<string, InterfaceCounters> before,
        IReadOnlyDictionary<string, InterfaceCounters> after,
        double seconds,
        ProtocolDrops? drops)
    {
        var key = VethCounters.Key(container, link);

        // Null without both reads, or where the counter went back (the interface made anew, or a 32-bit counter wrapped).
        ulong? Delta(Func<InterfaceCounters, ulong> counter) =>
            before.TryGetValue(key, out var b) && after.TryGetValue(key, out var a) && counter(a) >= counter(b) ? counter(a) - counter(b) : null;
        double? Rate(Func<InterfaceCounters, ulong> bytes) => seconds > 0 ? Delta(bytes) / seconds : null;
        return new PortView(
            link.Veth,
            container.Name,
            link.Interface,
            container.Netns,
            [.. container.Addresses.Where(a => a.Interface == link.Interface).Select(a => a.Address)],
            link.MacAddress,
            container.Gateway ?? "",
            container.GatewayVerdict?.Location.Label() ?? "",
            Rate(c => c.ReceiveBytes),
            Rate(c => c.TransmitBytes),
            new IntervalLosses(Delta(c => c.ReceiveDropped), Delta(c => c.TransmitDropped), Delta(c => c.ReceiveErrors), Delta(c => c.TransmitErrors)),
            drops,
            container.PublishedPorts,
            after.TryGetValue(key, out var counters) ? counters : null);
    }
}

/// <param name="Gateways">The IPAM gateways of its subnets: the bridge's own addresses, as Docker gave them.</param>
/// <param name="UnmappedPorts">Ports no running container accounts for.</param>
/// <param name="Vxlan">For an overlay's bridge, the VXLAN device beside it in the sandbox (SANDBOX/vxlan0), through which its traffic leaves the host; else empty.</param>
/// <param name="Vni">That device's VXLAN network identifier, or null.</param>
internal sealed record BridgeView(
    string Name, string Network, ImmutableArray<string> Subnets, ImmutableArray<string> Gateways, ImmutableArray<PortView> Ports, int UnmappedPorts,
    string Vxlan = "", uint? Vni = null);

/// <param name="Gateway">The container's default gateway, from its routing table.</param>
/// <param name="GatewayLocation">Where that gateway is (bridge, host, bridge_subnet, outside, unknown: as dockernet_container_gateway_info's location), or empty without a verdict.</param>
/// <param name="ReceiveBytesPerSecond">What the container received, per second over the interval; null without two reads.</param>
/// <param name="Lost">What the interface dropped and got wrong over the interval, as the container sees it.</param>
/// <param name="Drops">What the container's network namespace dropped since it was made (the same on each of its interfaces); null where unread.</param>
/// <param name="PublishedPorts">The ports the host publishes to the container (the same on each of its interfaces).</param>
/// <param name="Counters">The interface's counters since it was made, as the container sees them, at the second read (the page counts drops and errors between its refreshes from them); null where unread.</param>
internal sealed record PortView(
    string Veth,
    string Container,
    string Interface,
    ulong? Netns,
    ImmutableArray<string> Addresses,
    string Mac,
    string Gateway,
    string GatewayLocation,
    double? ReceiveBytesPerSecond,
    double? TransmitBytesPerSecond,
    IntervalLosses Lost,
    ProtocolDrops? Drops = null,
    ImmutableArray<PublishedPort> PublishedPorts = default,
    InterfaceCounters? Counters = null)
{
    public ImmutableArray<PublishedPort> PublishedPorts { get; init; } = PublishedPorts.IsDefault ? [] : PublishedPorts;
}

/// <summary>
/// A container interface's packets dropped and errors over a report's interval, as the container
/// sees them (a packet the host veth could not deliver is one the container did not receive);
/// each null without two reads, or where the counter went back.
/// </summary>
internal sealed record IntervalLosses(ulong? ReceiveDropped, ulong? TransmitDropped, ulong? ReceiveErrors, ulong? TransmitErrors);

internal sealed record ContainerView(string Container, string NetworkMode, ulong? Netns, ImmutableArray<string> Addresses, string Gateway);
