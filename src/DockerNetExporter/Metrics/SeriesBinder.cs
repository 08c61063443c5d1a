using System.Globalization;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Turns each published <see cref="TopologySnapshot"/> into a <see cref="ScrapePlan"/>: an interface
/// that stays keeps its series and open files; a new one gets both; a gone one has its series removed
/// and its files closed. Runs on the publishing thread, never in a scrape.
/// </summary>
internal sealed class SeriesBinder : IDisposable
{
    /// <summary>How many containers get a warning of their own about refused files.</summary>
    private const int NamespacesWarnedAbout = 256;

    private readonly ExporterMetrics metrics;
    private readonly ICounterSource counterSource;
    private readonly NamespaceNetDev namespaceNetDev;
    private readonly OpenFileBudget budget;
    private readonly FileSystemType sysfs;
    private readonly BoundedReads bounded;
    private readonly ReadErrors readErrors;
    private readonly ILogger<SeriesBinder> logger;
    private readonly OncePerKey refusalWarnings = new(NamespacesWarnedAbout);
    private readonly InfoSeriesSet containerInfo;
    private readonly InfoSeriesSet ipInfo;
    private readonly InfoSeriesSet publishedPorts;
    private readonly GatewaySeries gateways;
    private readonly AddressChanges addressChanges;
    private readonly InfoSeriesSet bridgeInfo;
    private readonly InfoSeriesSet bridgePorts;
    private readonly InfoSeriesSet unmappedVeths;
    private readonly InfoSeriesSet addressCapacity;
    private readonly InfoSeriesSet addressesAssigned;
    private readonly ProtocolMetrics? protocols;
    private readonly NamespaceProtocolFiles protocolFiles;
    private readonly Lock binding = new();
    private Dictionary<string, InterfaceSeries> containerSeries = new(StringComparer.Ordinal);
    private Dictionary<string, InterfaceSeries> bridgeSeries = new(StringComparer.Ordinal);
    private Dictionary<string, InterfaceSeries> vxlanSeries = new(StringComparer.Ordinal);
    private Dictionary<string, ProtocolSeries> protocolSeries = new(StringComparer.Ordinal);

    // Closed one bind late, so a scrape still walking the previous plan does not read a closed file.
    private List<IBoundSeries> retired = [];
    private ScrapePlan plan = ScrapePlan.Empty;

    /// <param name="counterSource">Whether each series keeps its interface's statistics files open.</param>
    /// <param name="budget">How many files the series may keep open.</param>
    /// <param name="paths">Where the sysfs is whose filesystem type every file opened must be on.</param>
    /// <param name="bounded">The time bound on opening a container's own files, which are its owner's to mount over.</param>
    /// <param name="readErrors">Where a container's file refused as not the kernel's is counted.</param>
    /// <param name="namespaceNetDev">Opens the counters of an interface with no host veth, in its own namespace.</param>
    /// <param name="protocolFiles">Opens each namespace's snmp, netstat and snmp6, for <paramref name="protocols"/>.</param>
    /// <param name="protocols">The families of each namespace's TCP, UDP and IP counters; null with --no-collector.protocols.</param>
    public SeriesBinder(
        ExporterMetrics metrics,
        ICounterSource counterSource,
        NamespaceNetDev namespaceNetDev,
        OpenFileBudget budget,
        KernelPaths paths,
        BoundedReads bounded,
        ReadErrors readErrors,
        ILogger<SeriesBinder> logger,
        NamespaceProtocolFiles protocolFiles,
        ProtocolMetrics? protocols = null)
    {
        this.protocolFiles = protocolFiles;
        this.protocols = protocols;
        this.namespaceNetDev = namespaceNetDev;
        this.bounded = bounded;
        this.readErrors = readErrors;
        this.logger = logger;
        sysfs = paths.SysfsType;
        this.metrics = metrics;
        this.counterSource = counterSource;
        this.budget = budget;
        containerInfo = new InfoSeriesSet(metrics.ContainerInfo);
        ipInfo = new InfoSeriesSet(metrics.ContainerIpInfo);
        publishedPorts = new InfoSeriesSet(metrics.ContainerPublishedPortInfo);
        gateways = new GatewaySeries(metrics);
        addressChanges = new AddressChanges(metrics.ContainerAddressChanges);
        bridgeInfo = new InfoSeriesSet(metrics.BridgeInfo);
        bridgePorts = new InfoSeriesSet(metrics.BridgePorts);
        unmappedVeths = new InfoSeriesSet(metrics.TopologyUnmappedVeths);
        addressCapacity = new InfoSeriesSet(metrics.NetworkAddressesCapacity);
        addressesAssigned = new InfoSeriesSet(metrics.NetworkAddressesAssigned);
    }

    public ScrapePlan Current => Volatile.Read(ref plan);

    /// <summary>Binds the store's current snapshot, then each one it publishes, on the publishing thread.</summary>
    public void Follow(TopologyStore store)
    {
        store.Published += Bind;
        Bind(store.Current);
    }

    public void Bind(TopologySnapshot snapshot)
    {
        lock (binding)
        {
            foreach (var series in retired)
            {
                series.Dispose();
            }

            retired = [];
            // Bridges first: a few series that every container's traffic crosses, served even when files run short.
            var bridges = snapshot.Bridges.Select(b => new Wanted<InterfaceSeries>(
                $"{b.Name}/{b.IfIndex}/{b.Network}",
                [b.Name, LabelValue(b.Network)],
                (key, labels) => new InterfaceSeries(
                    key, labels, b.Directory, seenByPeer: false, metrics.BridgeCounters.Bind(labels),
                    InterfaceAttributes.Open(b.Directory, withOperState: false, sysfs, budget),
                    metrics.BridgeMtu.WithLabels(labels), up: null, counterSource, sysfs, budget)));
            bridgeSeries = Rebind(bridgeSeries, bridges, series =>
            {
                metrics.BridgeCounters.Remove(series.LabelValues);
                metrics.BridgeMtu.RemoveLabelled(series.LabelValues);
            });

            var interfaces = snapshot.Containers.SelectMany(c => c.Interfaces.Select(link => (Container: c, Link: link)))
                .Select(x => new Wanted<InterfaceSeries>(
                    $"{x.Container.Id}/{x.Container.Netns}/{x.Link.Interface}/{x.Link.InterfaceIfIndex}/{x.Link.Veth}/{x.Link.VethIfIndex}/{x.Container.Name}/{x.Link.Bridge}/{x.Link.Network}",
                    [x.Container.Name, x.Link.Interface, x.Link.Veth, LabelValue(x.Link.Bridge), LabelValue(x.Link.Network)],
                    (key, labels) => ContainerInterfaceSeries(x.Container.Name, x.Link, key, labels)));
            containerSeries = Rebind(containerSeries, interfaces, series =>
            {
                metrics.ContainerCounters.Remove(series.LabelValues);
                metrics.ContainerInterfaceMtu.RemoveLabelled(series.LabelValues);
                metrics.ContainerInterfaceUp.RemoveLabelled(series.LabelValues);
            });

            // An overlay's VXLAN device, counted from inside its sandbox: the name of its line there, then the file.
            var vxlans = snapshot.Overlays.Where(o => o.Vxlan is not null).Select(o => new Wanted<InterfaceSeries>(
                $"{o.NetworkId}/{o.SandboxNetns}/{o.Vxlan!.Name}/{o.Vxlan.IfIndex}/{o.Vxlan.Vni}",
                [o.Network, o.Sandbox, o.Vxlan.Name, o.Vxlan.Vni.ToString(CultureInfo.InvariantCulture)],
                (key, labels) => new InterfaceSeries(
                    key, labels, o.Vxlan.Name, seenByPeer: false, metrics.OverlayVxlanCounters.Bind(labels), InterfaceAttributes.None,
                    mtu: null, up: null, counterSource, sysfs, budget,
                    countedInside: true, namespaceNetDev.TryOpen("", o.SandboxPath, o.SandboxNetns, budget))));
            vxlanSeries = Rebind(vxlanSeries, vxlans, series => metrics.OverlayVxlanCounters.Remove(series.LabelValues));

            // Last, as the files run short: each namespace's protocol counters, once, under the
            // container whose interfaces are mapped in it, as its interface series are.
            if (protocols is not null)
            {
                var namespaces = snapshot.NamespaceOwners
                    .Select(c => new Wanted<ProtocolSeries>($"{c.Name}/{c.OwnFiles!.Netns}/{c.OwnFiles.NetDevPath}", [c.Name], (_, _) => new ProtocolSeries(
                        c.Name, protocols, protocolFiles.Open(c.OwnFiles.NetDevPath, c.OwnFiles.NetnsPath, c.OwnFiles.Netns, budget))));
                protocolSeries = Rebind(protocolSeries, namespaces, series => protocols.Remove(series.Container));
            }

            SyncInfoSeries(snapshot);
            Volatile.Write(ref plan, new ScrapePlan(snapshot, [.. containerSeries.Values, .. bridgeSeries.Values, .. vxlanSeries.Values], [.. protocolSeries.Values]));
        }
    }

    public void Dispose()
    {
        lock (binding)
        {
            foreach (var series in retired.Concat(containerSeries.Values).Concat(bridgeSeries.Values).Concat(vxlanSeries.Values).Concat(protocolSeries.Values))
            {
                series.Dispose();
            }
        }
    }

    private Dictionary<string, TSeries> Rebind<TSeries>(
        Dictionary<string, TSeries> current, IEnumerable<Wanted<TSeries>> wanted, Action<TSeries> removeSeries)
        where TSeries : class, IBoundSeries
    {
        var wantedByKey = new Dictionary<string, Wanted<TSeries>>(StringComparer.Ordinal);
        foreach (var w in wanted)
        {
            wantedByKey.TryAdd(w.Key, w);
        }

        // Remove before creating: a bridge deleted and re-created under the same name has the same
        // labels but a new key, and its new series must start from the new device's counters.
        foreach (var (key, series) in current)
        {
            if (!wantedByKey.ContainsKey(key))
            {
                removeSeries(series);
                retired.Add(series);
            }
        }

        var next = new Dictionary<string, TSeries>(StringComparer.Ordinal);
        foreach (var (key, w) in wantedByKey)
        {
            if (current.TryGetValue(key, out var kept) && kept.HasAllFiles)
            {
                next[key] = kept;
                continue;
            }

            // New, or kept without some of its files (refused by the budget, or not there yet): open
            // them again. Same labels, so the same prometheus-net children carry on.
            if (kept is not null)
            {
                retired.Add(kept);
            }

            next[key] = w.Create(key, w.LabelValues);
        }

        return next;
    }

    private void SyncInfoSeries(TopologySnapshot snapshot)
    {
        containerInfo.Sync(snapshot.Containers.Select(c => ((string[])
        [
            c.Name, LabelValue(c.ShortId), LabelValue(c.Image), LabelValue(c.NetworkMode), LabelValue(c.Netns?.ToString(CultureInfo.InvariantCulture)),
            LabelValue(c.ComposeProject), LabelValue(c.ComposeService), NameSourceLabel(c.NameSource),
            .. metrics.ContainerLabels.Select(l => LabelValue(c.Labels?.GetValueOrDefault(l.DockerName))),
        ], 1.0)));
        addressChanges.Observe(snapshot.Containers);
        gateways.Sync(snapshot);
        ipInfo.Sync(snapshot.Containers.SelectMany(c => c.Addresses.Select(a => (new[] { c.Name, LabelValue(a.Interface), LabelValue(a.Network), a.Family, a.Address, a.MacAddress }, 1.0))));
        publishedPorts.Sync(snapshot.Containers.SelectMany(c => c.PublishedPorts.Select(p => (new[]
        {
            c.Name, p.Protocol, p.ContainerPort.ToString(CultureInfo.InvariantCulture), p.HostIp, p.HostPort.ToString(CultureInfo.InvariantCulture),
        }, 1.0))));
        var networks = snapshot.Bridges.Where(b => b.NetworkId is not null).ToList();
        bridgeInfo.Sync(networks.SelectMany(b => b.Subnets.DefaultIfEmpty(new BridgeSubnet("", null, 0, 0))
            .Select(s => (new[] { b.Name, LabelValue(b.Network), LabelValue(b.NetworkId), LabelValue(b.Driver), s.Subnet, LabelValue(s.Gateway) }, 1.0))));
        addressCapacity.Sync(networks.SelectMany(b => b.Subnets.Select(s => (new[] { LabelValue(b.Network), s.Subnet }, s.Capacity))));
        addressesAssigned.Sync(networks.SelectMany(b => b.Subnets.Select(s => (new[] { LabelValue(b.Network), s.Subnet }, (double)s.Assigned))));
        bridgePorts.Sync(snapshot.Bridges.Select(b => (new[] { b.Name, LabelValue(b.Network) }, (double)b.Ports)));
        unmappedVeths.Sync(networks.Select(b => (new[] { b.Name }, (double)b.UnmappedPorts)));
        metrics.TopologyContainers.Set(snapshot.Containers.Length);
        metrics.TopologyForgedInterfaces.Set(snapshot.ForgedInterfaces);
    }

    /// <summary>
    /// A container interface's series: counted on its host veth, or in its own namespace where it has
    /// none; its mtu and operstate from its own sysfs, where it has one to read (a namespace read
    /// through netlink and counted inside has none: it goes without those two gauges).
    /// </summary>
    private InterfaceSeries ContainerInterfaceSeries(string container, VethLink link, string key, string[] labels)
    {
        var hasOwnView = link.InterfaceDirectory.Length > 0;
        var attributes = hasOwnView ? ContainerAttributes(container, link.InterfaceDirectory) : InterfaceAttributes.None;
        var mtu = hasOwnView ? metrics.ContainerInterfaceMtu.WithLabels(labels) : null;
        var up = hasOwnView ? metrics.ContainerInterfaceUp.WithLabels(labels) : null;
        if (link.OwnCounters is not { } own)
        {
            return new InterfaceSeries(key, labels, link.VethDirectory, seenByPeer: true, metrics.ContainerCounters.Bind(labels), attributes, mtu, up, counterSource, sysfs, budget);
        }

        return new InterfaceSeries(
            key, labels, link.Interface, seenByPeer: false, metrics.ContainerCounters.Bind(labels), attributes, mtu, up, counterSource, sysfs, budget,
            countedInside: true, namespaceNetDev.TryOpen(own.NetDevPath, own.NetnsPath, own.Netns, budget));
    }

    /// <summary>
    /// A container interface's own mtu and operstate, opened within the time bound; a file refused
    /// as not the kernel's is counted, and said once for the container, as discovery says its own.
    /// </summary>
    private InterfaceAttributes ContainerAttributes(string container, string interfaceDirectory)
    {
        var attributes = InterfaceAttributes.OpenBounded(interfaceDirectory, sysfs, budget, bounded);
        if (attributes.Refused is { } refused)
        {
            readErrors.Refused();
            if (refusalWarnings.TryTake(container))
            {
                Log.KernelFileRefused(logger, refused, container);
            }
        }

        return attributes;
    }

    /// <summary>What the model leaves unknown (null) is written as an empty label, as Prometheus reads an absent one.</summary>
    private static string LabelValue(string? value) => value ?? "";

    private sealed record Wanted<TSeries>(string Key, string[] LabelValues, Func<string, string[], TSeries> Create);

    private static string NameSourceLabel(NameSource source) => source switch
    {
        NameSource.Cgroup => "cgroup",
        NameSource.NetnsFile => "netns_file",
        NameSource.Process => "process",
        _ => "runtime",
    };
}
