using System.Globalization;
using System.Text;

namespace DockerNetExporter.Report;

/// <summary>
/// <see cref="TopologyReport"/> as aligned plain text for a terminal: a bridge per block, then one
/// line per veth on it with the container interface at its other end, the ports the host publishes
/// to the container (as docker ps shows them, 0.0.0.0:8080->80/tcp), its rates, and what its
/// namespace dropped (the counts that are not 0). Columns are aligned across
/// the whole report, so a long list (200 containers) still reads down each column. Every cell and
/// part is <see cref="Printable"/>: no name sends the terminal a control character.
/// </summary>
internal static class TopologyText
{
    public static string Render(TopologyReport report)
    {
        var rows = report.Bridges.SelectMany(b => b.Ports).Select(Cells).ToList();
        var widths = Enumerable.Range(0, rows.FirstOrDefault()?.Length ?? 0).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var bridge in report.Bridges)
        {
            text.AppendJoin("  ", Parts(bridge).Select(Printable.Of)).AppendLine();
            foreach (var port in bridge.Ports)
            {
                var cells = Cells(port);
                text.Append("  ").AppendJoin("  ", cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]))).AppendLine();
            }
        }

        if (!report.WithoutVeth.IsEmpty)
        {
            text.AppendLine("no veth of their own:");
            foreach (var container in report.WithoutVeth)
            {
                text.Append("  ").AppendJoin("  ", Parts(container).Select(Printable.Of)).AppendLine();
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"rates over {report.IntervalSeconds:0.#} s; rx and tx as the container sees them; drops counted in its namespace since it was made").AppendLine();
        return text.ToString();
    }

    private static string[] Cells(PortView port) => Array.ConvertAll(
    [
        port.Veth, "<->", $"{port.Container}:{port.Interface}", Netns(port.Netns), string.Join(' ', port.Addresses), port.Mac,
        Gateway(port), string.Join(',', port.PublishedPorts), "rx " + Rate(port.ReceiveBytesPerSecond), "tx " + Rate(port.TransmitBytesPerSecond), Drops(port.Drops),
    ], Printable.Of);

    /// <summary>The drop counts of the port's namespace that are not 0, "drops 0" if none is, "drops ?" if unread.</summary>
    public static string Drops(ProtocolDrops? drops)
    {
        if (drops is null)
        {
            return "drops ?";
        }

        (string Name, ulong? Count)[] counts =
        [
            ("listen overflows", drops.TcpListenOverflows), ("listen drops", drops.TcpListenDrops), ("backlog drops", drops.TcpBacklogDrops),
            ("retransmits", drops.TcpSegmentsRetransmitted), ("udp rcvbuf", drops.UdpReceiveBufferErrors), ("udp sndbuf", drops.UdpSendBufferErrors),
            ("ip in discards", drops.IpInputDiscards), ("ip out discards", drops.IpOutputDiscards),
        ];
        var told = counts.Where(c => c.Count != 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {(c.Count is { } n ? n : "?")}")).ToList();
        return told.Count == 0 ? "drops 0" : "drops: " + string.Join(", ", told);
    }

    /// <summary>The gateway, with where it is unless it is on the bridge, as it should be.</summary>
    public static string Gateway(PortView port) => port.Gateway.Length == 0
        ? ""
        : port.GatewayLocation is "" or "bridge" ? "gw " + port.Gateway : $"gw {port.Gateway} ({port.GatewayLocation.Replace('_', ' ')})";

    /// <summary>What is told of a bridge, in order, the empty parts left out: its name, network, subnets, gateways, unmapped ports, and an overlay's way to the host.</summary>
    public static IEnumerable<string> Parts(BridgeView bridge) => NotEmpty(
        bridge.Name.Length == 0 ? "(no bridge)" : bridge.Name,
        bridge.Network.Length == 0 ? "" : "network " + bridge.Network,
        string.Join(' ', bridge.Subnets),
        bridge.Gateways.IsEmpty ? "" : "gateway " + string.Join(' ', bridge.Gateways),
        bridge.UnmappedPorts == 0 ? "" : $"{bridge.UnmappedPorts} port(s) no running container accounts for",
        bridge.Vxlan.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"<-> {bridge.Vxlan} vni {bridge.Vni} <-> host"));

    /// <summary>What is told of a container with no veth of its own, in order, the empty parts left out.</summary>
    public static IEnumerable<string> Parts(ContainerView container) => NotEmpty(
        container.Container,
        container.NetworkMode,
        Netns(container.Netns),
        string.Join(' ', container.Addresses),
        container.Gateway.Length == 0 ? "" : "gw " + container.Gateway);

    /// <summary>The parts that say something, in order.</summary>
    public static IEnumerable<string> NotEmpty(params string[] parts) => parts.Where(p => p.Length > 0);

    public static string Netns(ulong? netns) => netns is { } inode ? "netns " + inode.ToString(CultureInfo.InvariantCulture) : "netns ?";

    /// <summary>Bytes per second in decimal units, as network rates are told.</summary>
    public static string Rate(double? bytesPerSecond) => bytesPerSecond switch
    {
        null => "?",
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond:0} B/s"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e3:0.0} kB/s"),
        < 1e9 => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e6:0.0} MB/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1e9:0.0} GB/s"),
    };
}
