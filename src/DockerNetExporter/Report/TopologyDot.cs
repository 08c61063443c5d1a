using System.Globalization;
using System.Text;

namespace DockerNetExporter.Report;

/// <summary>
/// <see cref="TopologyReport"/> as a Graphviz DOT graph (<c>dot -Tsvg</c>), the picture the project
/// started from: the host's network namespace as a box holding its bridges (name, network, subnets,
/// gateway); each container's network namespace a box holding its interfaces (name, addresses, MAC),
/// told with the container's default gateway and what its namespace dropped; each veth a line from its
/// bridge to the container interface, labelled with its name, its rates and what it dropped and got
/// wrong over the interval, as the container sees them, drawn red if it dropped (orange for errors
/// alone). An overlay's bridge, in its sandbox, and the interfaces with no bridge stand outside the
/// host's box. The containers with no veth of their own are boxed apart, each sharer (container:
/// mode) with a dashed line to the namespace it shares. Ids are made here (b0, c0_1, ...), never of
/// a name: every name goes into a label (<see cref="DotLabel"/>).
/// </summary>
internal static class TopologyDot
{
    private const string Dropping = "red";
    private const string Erring = "orange";

    public static string Render(TopologyReport report)
    {
        var dot = new StringBuilder();
        dot.AppendLine("digraph topology {");
        dot.Append("  graph [rankdir=LR, compound=true, fontname=\"sans-serif\", fontsize=10, labelloc=b, label=")
            .Append(DotLabel.Of(string.Create(
                CultureInfo.InvariantCulture,
                $"taken {report.TakenAt:yyyy-MM-dd HH:mm:ss}Z; rates, drops and errors over {report.IntervalSeconds:0.#} s, as the container sees them; namespace drops since it was made")))
            .AppendLine("];");
        dot.AppendLine("  node [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=10];");
        dot.AppendLine("  edge [dir=none, fontname=\"sans-serif\", fontsize=9];");

        var bridges = report.Bridges.Select((bridge, i) => (Bridge: bridge, Id: $"b{i}")).ToList();
        OpenCluster(dot, "cluster_host", ["host network namespace"]);
        dot.AppendLine("    node [style=\"rounded,filled\", fillcolor=\"#dde8f5\"];");
        foreach (var (bridge, id) in bridges.Where(b => OnHost(b.Bridge)))
        {
            Node(dot, "    ", id, TopologyText.Parts(bridge));
        }

        dot.AppendLine("  }");
        foreach (var (bridge, id) in bridges.Where(b => !OnHost(b.Bridge)))
        {
            Node(dot, "  ", id, TopologyText.Parts(bridge));
        }

        // A container's interfaces may hang on several bridges (api on backend and frontend): one box for its namespace.
        var containers = bridges
            .SelectMany(b => b.Bridge.Ports.Select(port => (Port: port, BridgeId: b.Id)))
            .GroupBy(p => p.Port.Container, StringComparer.Ordinal)
            .Select((ports, i) => (Ports: ports.ToList(), Id: $"c{i}"))
            .ToList();
        var namespaces = new Dictionary<ulong, (string Node, string? Cluster)>();
        foreach (var (ports, id) in containers)
        {
            var port = ports[0].Port;
            OpenCluster(dot, "cluster_" + id, TopologyText.NotEmpty(
                port.Container, TopologyText.Netns(port.Netns), TopologyText.Gateway(port), string.Join(',', port.PublishedPorts), TopologyText.Drops(port.Drops)));
            for (var j = 0; j < ports.Count; j++)
            {
                Node(dot, "    ", $"{id}_{j}", TopologyText.NotEmpty(ports[j].Port.Interface, string.Join(' ', ports[j].Port.Addresses), ports[j].Port.Mac));
            }

            dot.AppendLine("  }");
            for (var j = 0; j < ports.Count; j++)
            {
                Veth(dot, ports[j].BridgeId, $"{id}_{j}", ports[j].Port);
            }

            if (port.Netns is { } netns)
            {
                namespaces.TryAdd(netns, ($"{id}_0", "cluster_" + id));
            }
        }

        if (!report.WithoutVeth.IsEmpty)
        {
            OpenCluster(dot, "cluster_apart", ["no veth of their own"]);
            for (var i = 0; i < report.WithoutVeth.Length; i++)
            {
                Node(dot, "    ", $"a{i}", TopologyText.Parts(report.WithoutVeth[i]));
                if (!Shares(report.WithoutVeth[i]) && report.WithoutVeth[i].Netns is { } netns)
                {
                    namespaces.TryAdd(netns, ($"a{i}", null)); // a namespace of its own, none mode, or the host's
                }
            }

            dot.AppendLine("  }");
        }

        // Each sharer points at the namespace of its inode: a container's box with a veth, else a container apart.
        for (var i = 0; i < report.WithoutVeth.Length; i++)
        {
            if (Shares(report.WithoutVeth[i]) && report.WithoutVeth[i].Netns is { } netns && namespaces.TryGetValue(netns, out var owner))
            {
                dot.Append("  a").Append(i).Append(" -> ").Append(owner.Node).Append(" [dir=forward, style=dashed, constraint=false, label=")
                    .Append(DotLabel.Of("shares its namespace")).Append(owner.Cluster is { } cluster ? ", lhead=" + cluster : "").AppendLine("];");
            }
        }

        return dot.AppendLine("}").ToString();
    }

    /// <summary>A bridge in the host's namespace: not an overlay's, in its sandbox, nor the interfaces with no bridge.</summary>
    private static bool OnHost(BridgeView bridge) => bridge.Name.Length > 0 && bridge.Vxlan.Length == 0;

    /// <summary>A box (a cluster, to Graphviz) with its label at the top; the caller closes it.</summary>
    private static void OpenCluster(StringBuilder dot, string id, IEnumerable<string> label) =>
        dot.Append("  subgraph ").Append(id).Append(" {\n    labelloc=t;\n    label=").Append(DotLabel.Of(label)).AppendLine(";");

    private static void Node(StringBuilder dot, string indent, string id, IEnumerable<string> lines) =>
        dot.Append(indent).Append(id).Append(" [label=").Append(DotLabel.Of(lines)).AppendLine("];");

    /// <summary>The veth's line from its bridge to the container interface, red if it dropped over the interval, orange if it only erred.</summary>
    private static void Veth(StringBuilder dot, string bridgeId, string interfaceId, PortView port)
    {
        var lost = port.Lost;
        var lines = TopologyText.NotEmpty(
            port.Veth,
            $"rx {TopologyText.Rate(port.ReceiveBytesPerSecond)}  tx {TopologyText.Rate(port.TransmitBytesPerSecond)}",
            $"dropped rx {Count(lost.ReceiveDropped)} tx {Count(lost.TransmitDropped)}, errors rx {Count(lost.ReceiveErrors)} tx {Count(lost.TransmitErrors)}");
        dot.Append("  ").Append(bridgeId).Append(" -> ").Append(interfaceId).Append(" [label=").Append(DotLabel.Of(lines));
        var colour = lost.ReceiveDropped > 0 || lost.TransmitDropped > 0 ? Dropping : lost.ReceiveErrors > 0 || lost.TransmitErrors > 0 ? Erring : null;
        if (colour is not null)
        {
            dot.Append(", color=").Append(colour).Append(", fontcolor=").Append(colour).Append(", penwidth=2");
        }

        dot.AppendLine("];");
    }

    /// <summary>A container in another's namespace (container: mode).</summary>
    private static bool Shares(ContainerView container) => container.NetworkMode.StartsWith("container:", StringComparison.Ordinal);

    private static string Count(ulong? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
