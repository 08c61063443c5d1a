using System.Collections.Immutable;
using DockerNetExporter.Configuration;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Every metric family the exporter serves. The names and labels are the public contract that
/// dashboards and alert rules use (README, "Metrics").
/// </summary>
internal sealed class ExporterMetrics
{
    public static readonly string[] ContainerInterfaceLabels = ["container", "interface", "veth", "bridge", "network"];
    public static readonly string[] BridgeLabels = ["bridge", "network"];
    public static readonly string[] OverlayVxlanLabels = ["network", "sandbox", "vxlan", "vni"];

    /// <param name="containerLabels">The Docker labels that are labels of dockernet_container_info too, after its own (--docker.container-labels).</param>
    public ExporterMetrics(CollectorRegistry registry, string version, string revision, ImmutableArray<ContainerLabel> containerLabels = default)
    {
        ContainerLabels = containerLabels.IsDefault ? [] : containerLabels;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        ContainerCounters = new CounterFamily(factory, "dockernet_container", ContainerInterfaceLabels, (direction, quantity, statistic) =>
            $"{Capitalize(direction)} {Noun(quantity)} of the container interface, counted on its host-side veth as statistics/{Peer(statistic)}: " +
            "what the veth transmits, the container receives, and the reverse; with no host veth (overlay, macvlan, ipvlan), its own line of /proc/PID/net/dev.");
        ContainerInterfaceUp = factory.CreateGauge(
            "dockernet_container_interface_up", "1 if the container interface's operstate is up, else 0 (/proc/PID/root/sys/class/net/IFACE/operstate; for a namespace read through netlink, its veth's).",
            ReadFromKernel(ContainerInterfaceLabels));
        ContainerInterfaceMtu = factory.CreateGauge(
            "dockernet_container_interface_mtu_bytes", "MTU of the container interface, as the container sees it (/proc/PID/root/sys/class/net/IFACE/mtu; for a namespace read through netlink, its veth's).",
            ReadFromKernel(ContainerInterfaceLabels));

        BridgeCounters = new CounterFamily(factory, "dockernet_bridge", BridgeLabels, (direction, quantity, statistic) =>
            $"{Capitalize(direction)} {Noun(quantity)} of the bridge device itself (/sys/class/net/BRIDGE/statistics/{statistic}).");
        OverlayVxlanCounters = new CounterFamily(factory, "dockernet_overlay_vxlan", OverlayVxlanLabels, (direction, quantity, _) =>
            $"{Capitalize(direction)} {Noun(quantity)} of an overlay network's VXLAN device, in the network's sandbox namespace (/run/docker/netns/SANDBOX, its /proc/net/dev): " +
            "the frames to and from the network's containers on other hosts, counted before encapsulation and after decapsulation.");
        BridgePorts = factory.CreateGauge("dockernet_bridge_ports", "Interfaces attached to the bridge (/sys/class/net/BRIDGE/brif).", BridgeLabels);
        BridgeMtu = factory.CreateGauge("dockernet_bridge_mtu_bytes", "MTU of the bridge device (/sys/class/net/BRIDGE/mtu).", ReadFromKernel(BridgeLabels));
        BridgeInfo = factory.CreateGauge(
            "dockernet_bridge_info", "A Docker bridge network's bridge device, one series per IPAM subnet; always 1.",
            "bridge", "network", "network_id", "driver", "subnet", "gateway");

        NetworkAddressesCapacity = factory.CreateGauge(
            "dockernet_network_addresses_capacity",
            "Addresses Docker can assign to containers in a bridge network's subnet: its size less network, broadcast (IPv4) and gateway addresses.",
            "network", "subnet");
        NetworkAddressesAssigned = factory.CreateGauge(
            "dockernet_network_addresses_assigned", "Running containers' addresses in a bridge network's subnet.", "network", "subnet");
        ContainerIpInfo = factory.CreateGauge(
            "dockernet_container_ip_info", "An IP address Docker assigned to a container interface; always 1.",
            "container", "interface", "network", "family", "ip", "mac");
        ContainerInfo = factory.CreateGauge(
            "dockernet_container_info",
            "A running container; always 1. netns is its network namespace inode, the same for containers that share one. name_source says where its name came from: runtime (the Docker API), else cgroup, netns_file or process (a namespace found in the kernel). network_mode container:NAME names the container whose namespace it shares; label_* are the Docker labels --docker.container-labels asks for.",
            ["container", "container_id", "image", "network_mode", "netns", "compose_project", "compose_service", "name_source", .. ContainerLabels.Select(l => l.LabelName)]);
        ContainerPublishedPortInfo = factory.CreateGauge(
            "dockernet_container_published_port_info",
            "A port of a running container that the host publishes (docker run -p; the runtime's NetworkSettings.Ports); always 1. host_ip is empty where the runtime names no address (every address).",
            "container", "protocol", "container_port", "host_ip", "host_port");

        ContainerAddressChanges = factory.CreateCounter(
            "dockernet_container_address_changes_total",
            "Times a container, by name, came back (restarted, re-created, reconnected) on a network with another IP address than it had there, since the exporter started.",
            "container");
        ContainerGatewayIsBridge = factory.CreateGauge(
            "dockernet_container_gateway_is_bridge",
            "1 if the container's IPv4 default gateway, read from its own routing table, is an address the host holds on a bridge the container is on; 0 if the host holds it on another interface, or none does though it is on a segment of the container's bridges (in the subnet of one of its bridge networks, or its only interfaces are host veths); where the host's addresses cannot be read, 0 if Docker gave it to none of the container's networks. No series for a gateway outside the host (see dockernet_container_gateway_info).",
            "container", "gateway");
        ContainerGatewayInfo = factory.CreateGauge(
            "dockernet_container_gateway_info",
            "Where the container's IPv4 default gateway is; always 1. location: bridge (held by the host on a bridge the container is on), host (held by the host on another interface), outside (held by no host interface: a macvlan or ipvlan network's upstream router), bridge_subnet (held by no host interface, but on a segment of the container's bridges), unknown. source: kernel (the host's addresses, read through netlink) or runtime (what Docker gave its networks, where those cannot be read).",
            "container", "gateway", "location", "source");
        NetworkGatewayInfo = factory.CreateGauge(
            "dockernet_network_gateway_info",
            "The gateway IPAM gave a subnet of a Docker network of any driver, and where it is; always 1. location and source as in dockernet_container_gateway_info (bridge: held by the network's own bridge).",
            "network", "network_id", "driver", "subnet", "gateway", "location", "source");

        // Set at each scrape; not there at all with --docker.enabled=false, which is no outage.
        DockerUp = factory.CreateGauge(
            "dockernet_docker_up",
            "1 if the last full sync with the Docker API succeeded and its events session has not failed since; 0 if Docker cannot be reached or answers with errors, malformed or oversized answers (dockernet_docker_errors_total says why).",
            new GaugeConfiguration { SuppressInitialValue = true });
        DockerErrors = factory.CreateCounter(
            "dockernet_docker_errors_total",
            "Full syncs and events sessions with the Docker API that failed, by reason: unreachable, timeout, denied (401/403), error_status, malformed, truncated, too_large (over the exporter's limits, dropped unread), events_lost, other.",
            "reason");
        TopologyContainers = factory.CreateGauge("dockernet_topology_containers", "Running containers in the current topology.");
        TopologyUnmappedVeths = factory.CreateGauge(
            "dockernet_topology_unmapped_veths", "Interfaces attached to a Docker bridge that no running container accounts for.", "bridge");
        TopologyForgedInterfaces = factory.CreateGauge(
            "dockernet_topology_forged_interfaces",
            "Interfaces whose ifindex and iflink point at a host veth that the kernel says leads to another namespace (IFLA_LINK_NETNSID): indices copied by a namespace with CAP_NET_ADMIN, never attributed.");
        LastSync = factory.CreateGauge(
            "dockernet_topology_last_sync_timestamp_seconds", "Unix time of the last topology update confirmed by the Docker API (0 before the first); with --docker.enabled=false, of the last kernel scan.");
        ScrapeDuration = factory.CreateGauge(
            "dockernet_scrape_duration_seconds", "Time this scrape spent reading kernel counters for every series.");
        ReadErrors = factory.CreateCounter(
            "dockernet_read_errors_total",
            "Items skipped because a kernel file was missing, unreadable or malformed, by stage: discovery (mapping) or scrape (counters).",
            "stage");
        KernelFilesRefused = factory.CreateCounter(
            "dockernet_kernel_files_refused_total",
            "Kernel files refused as not the kernel's: in a namespace's sysfs, not a regular file on sysfs (a FIFO or another file mounted over it). Their interfaces are skipped.");
        NamespaceReadsTimedOut = factory.CreateCounter(
            "dockernet_namespace_reads_timed_out_total",
            "Reads through a namespace's own mounts given up after the time bound (2s); the namespace is skipped while the read hangs, and for at least 10 minutes from when it was given up.");
        DiscoveryStalled = factory.CreateGauge(
            "dockernet_discovery_stalled", "1 if a mapping has run for longer than one discovery interval (the picture served is getting old), else 0.");
        factory.CreateGauge("dockernet_build_info", "The exporter's version and the git commit it was built from (unknown for a build without one); always 1.", "version", "revision")
            .WithLabels(version, revision).Set(1);
    }

    /// <summary>The Docker labels that are labels of <see cref="ContainerInfo"/>, in its order, after its own.</summary>
    public ImmutableArray<ContainerLabel> ContainerLabels { get; }

    public CounterFamily ContainerCounters { get; }

    public Gauge ContainerInterfaceUp { get; }

    public Gauge ContainerInterfaceMtu { get; }

    public CounterFamily BridgeCounters { get; }

    public Gauge BridgePorts { get; }

    public CounterFamily OverlayVxlanCounters { get; }

    public Gauge BridgeMtu { get; }

    public Gauge BridgeInfo { get; }

    public Gauge NetworkAddressesCapacity { get; }

    public Gauge NetworkAddressesAssigned { get; }

    public Gauge ContainerIpInfo { get; }

    public Gauge ContainerInfo { get; }

    public Gauge ContainerPublishedPortInfo { get; }

    public Counter ContainerAddressChanges { get; }

    public Gauge ContainerGatewayIsBridge { get; }

    public Gauge ContainerGatewayInfo { get; }

    public Gauge NetworkGatewayInfo { get; }

    public Gauge DockerUp { get; }

    public Counter DockerErrors { get; }

    public Gauge TopologyContainers { get; }

    public Gauge TopologyUnmappedVeths { get; }

    public Gauge TopologyForgedInterfaces { get; }

    public Gauge LastSync { get; }

    public Gauge ScrapeDuration { get; }

    public Counter ReadErrors { get; }

    public Counter KernelFilesRefused { get; }

    public Counter NamespaceReadsTimedOut { get; }

    public Gauge DiscoveryStalled { get; }

    /// <summary>A gauge read at scrape time appears with its first successful read, never as a made-up 0.</summary>
    private static GaugeConfiguration ReadFromKernel(string[] labelNames) => new() { LabelNames = labelNames, SuppressInitialValue = true };

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Noun(string quantity) => quantity == "dropped" ? "dropped packets" : quantity;

    /// <summary>The veth statistic behind a container-side one: rx_bytes of the container is tx_bytes of the veth.</summary>
    private static string Peer(string statistic) => statistic.StartsWith("rx_", StringComparison.Ordinal) ? "tx_" + statistic[3..] : "rx_" + statistic[3..];
}
