using System.Globalization;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The metric families of a network namespace's own TCP, UDP and IP counters (/proc/PID/net/snmp,
/// netstat, snmp6), each series under the container that owns the namespace: containers that share
/// one are counted once. Registered only with the protocols collector on. UDP's and IP's carry a
/// family label, ipv4 (snmp) or ipv6 (snmp6), as dockernet_container_ip_info's.
/// </summary>
internal sealed class ProtocolMetrics
{
    public static readonly string[] ContainerLabels = ["container"];
    public static readonly string[] ContainerFamilyLabels = ["container", "family"];

    private const string Prefix = "dockernet_container_";

    public ProtocolMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        // In TcpCounters' order; CurrEstab is the gauge apart.
        Tcp = Counters(factory, ContainerLabels, "/proc/PID/net/snmp, Tcp {0}",
            ("tcp_segments_received_total", "InSegs", "TCP segments received, those in error included"),
            ("tcp_segments_sent_total", "OutSegs", "TCP segments sent, retransmissions excluded"),
            ("tcp_segments_retransmitted_total", "RetransSegs", "TCP segments retransmitted"),
            ("tcp_receive_errors_total", "InErrs", "TCP segments received in error (bad checksum, header or length)"),
            ("tcp_resets_sent_total", "OutRsts", "TCP segments sent with the RST flag"));
        TcpConnectionsEstablished = factory.CreateGauge(
            Prefix + "tcp_connections_established",
            "TCP connections now ESTABLISHED or CLOSE-WAIT in the container's network namespace (/proc/PID/net/snmp, Tcp CurrEstab).",
            new GaugeConfiguration { LabelNames = ContainerLabels, SuppressInitialValue = true });

        // In TcpExtCounters' order.
        TcpExt = Counters(factory, ContainerLabels, "/proc/PID/net/netstat, TcpExt {0}",
            ("tcp_listen_overflows_total", "ListenOverflows", "Connections a listening socket dropped because its accept queue was full"),
            ("tcp_listen_drops_total", "ListenDrops", "SYNs and handshake ACKs a listening socket dropped, accept-queue overflows included"),
            ("tcp_backlog_drops_total", "TCPBacklogDrop", "TCP segments dropped because a busy socket's backlog was over its limit"));

        // In UdpCounters' order.
        Udp = Counters(factory, ContainerFamilyLabels, "ipv4: /proc/PID/net/snmp, Udp {0}; ipv6: /proc/PID/net/snmp6, Udp6{0}",
            ("udp_datagrams_received_total", "InDatagrams", "UDP datagrams delivered to sockets"),
            ("udp_datagrams_sent_total", "OutDatagrams", "UDP datagrams sent"),
            ("udp_receive_buffer_errors_total", "RcvbufErrors", "UDP datagrams dropped because the socket's receive buffer was full"),
            ("udp_send_buffer_errors_total", "SndbufErrors", "UDP datagrams not sent because the socket's send buffer was full"),
            ("udp_no_port_datagrams_total", "NoPorts", "UDP datagrams received for a port no socket is bound to"),
            ("udp_receive_errors_total", "InErrors", "UDP datagrams received that could not be delivered, buffer errors included"));

        // In IpCounters' order.
        Ip = Counters(factory, ContainerFamilyLabels, "ipv4: /proc/PID/net/snmp, Ip {0}; ipv6: /proc/PID/net/snmp6, Ip6{0}",
            ("ip_input_discards_total", "InDiscards", "IP packets received without error but discarded, as for lack of buffer space"),
            ("ip_output_discards_total", "OutDiscards", "IP packets to send without error but discarded"),
            ("ip_output_no_routes_total", "OutNoRoutes", "IP packets to send discarded for lack of a route"),
            ("ip_reassembly_failures_total", "ReasmFails", "IP reassemblies of fragments that failed"));
    }

    public Counter[] Tcp { get; }

    public Gauge TcpConnectionsEstablished { get; }

    public Counter[] TcpExt { get; }

    public Counter[] Udp { get; }

    public Counter[] Ip { get; }

    /// <summary>Removes every series of the container: its namespace is gone or has another owner.</summary>
    public void Remove(string container)
    {
        string[] labels = [container];
        foreach (var counter in Tcp.Concat(TcpExt))
        {
            counter.RemoveLabelled(labels);
        }

        TcpConnectionsEstablished.RemoveLabelled(labels);
        foreach (var family in (string[])["ipv4", "ipv6"])
        {
            foreach (var counter in Udp.Concat(Ip))
            {
                counter.RemoveLabelled(container, family);
            }
        }
    }

    /// <summary>A series appears with the first value read from the kernel, never as a made-up 0.</summary>
    /// <param name="source">Where the counter is read, its field's name as {0}.</param>
    private static Counter[] Counters(MetricFactory factory, string[] labelNames, string source, params (string Name, string Field, string Help)[] kinds) =>
        [.. kinds.Select(k => factory.CreateCounter(
            Prefix + k.Name,
            $"{k.Help}, in the container's network namespace ({string.Format(CultureInfo.InvariantCulture, source, k.Field)}).",
            new CounterConfiguration { LabelNames = labelNames, SuppressInitialValue = true }))];
}
