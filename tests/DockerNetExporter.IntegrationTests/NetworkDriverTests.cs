using System.Globalization;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Networks whose container interfaces have no veth on the host: a Swarm overlay (the veth's peer is
/// in the overlay's sandbox namespace) and macvlan (no peer; a parent device). Two containers of the
/// test's own on each ping each other; each exported counter of both containers' interfaces must
/// lie between the kernel's values (the test's own read of /proc/PID/net/dev) just before and just
/// after the scrape. The overlay's sandbox veth, bridge and VNI are checked against `ip` run inside
/// the sandbox, which the exporter reads as soon as its containers' events make it.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class NetworkDriverTests(DockerEnvironment environment)
{
    private static readonly string[] Statistics =
    [
        "receive_bytes", "receive_packets", "receive_errors", "receive_dropped",
        "transmit_bytes", "transmit_packets", "transmit_errors", "transmit_dropped",
    ];

    // Each test container's pid, whose /proc/PID/net/dev is the kernel's word on its counters.
    private readonly Dictionary<string, int> pids = new(StringComparer.Ordinal);

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task Both_ends_of_a_ping_over_an_overlay_are_counted_as_their_containers_see_them()
    {
        await using var swarm = await SingleNodeSwarm.JoinAsync(Docker);
        var network = Docker.Name("overlay");
        try
        {
            var networkId = await Docker.CreateNetworkAsync(network, "--driver", "overlay", "--attachable", "--subnet", "10.231.0.0/24");
            await PingBetweenPairAsync(environment.Exporter, "ov", network);

            // The sandbox the first container made is scanned for at once, not at the next full sync (an hour away here).
            var exporter = environment.Exporter;
            await environment.WaitForSampleAsync(
                "dockernet_container_receive_bytes_total", s => s["network"] == network && s["veth"].Length > 0, $"the sandbox veths of {network}'s containers");
            var series = await PingBetweenPairAsync(exporter, "ov", network, alreadyRunning: true);
            var sandbox = "1-" + networkId[..10];
            var sandboxLinks = await SandboxLinksAsync(sandbox);
            foreach (var sample in series)
            {
                var peer = Assert.Single(sandboxLinks, l => l.IfIndex == HostIfLinkOf(sample["container"]));
                Assert.Equal(($"{sandbox}/{peer.Name}", $"{sandbox}/br0"), (sample["veth"], sample["bridge"]));
                Assert.Equal("br0", peer.Master);
            }

            // The sandbox's side: what its veth transmitted, the container received, and the reverse.
            var sandboxBefore = await SandboxNetDevAsync(sandbox);
            var samples = await exporter.ScrapeAsync();
            var sandboxAfter = await SandboxNetDevAsync(sandbox);
            foreach (var sample in series)
            {
                var peer = sample["veth"][(sandbox.Length + 1)..];
                var labels = new[] { ("container", sample["container"]), ("interface", "eth0") };
                Assert.InRange(Value(samples, "dockernet_container_receive_packets_total", labels), sandboxBefore[peer].TransmitPackets, sandboxAfter[peer].TransmitPackets);
                Assert.InRange(Value(samples, "dockernet_container_transmit_packets_total", labels), sandboxBefore[peer].ReceivePackets, sandboxAfter[peer].ReceivePackets);
            }

            var vni = (await Shell.CheckedAsync("nsenter", $"--net=/run/docker/netns/{sandbox}", "ip", "-d", "-o", "link", "show", "vxlan0")).Split(' ').SkipWhile(w => w != "id").Skip(1).First();
            var vxlan = await DockerEnvironment.WaitForSampleAsync(
                exporter, "dockernet_overlay_vxlan_transmit_packets_total", s => s["network"] == network, $"the VXLAN series of {network}");
            Assert.Equal((sandbox, "vxlan0", vni), (vxlan["sandbox"], vxlan["vxlan"], vxlan["vni"]));
            var vxlanBefore = (await SandboxNetDevAsync(sandbox))["vxlan0"];
            var vxlanSamples = await exporter.ScrapeAsync();
            var vxlanAfter = (await SandboxNetDevAsync(sandbox))["vxlan0"];
            var vxlanLabels = new[] { ("network", network), ("vxlan", "vxlan0") };
            Assert.InRange(Value(vxlanSamples, "dockernet_overlay_vxlan_transmit_packets_total", vxlanLabels), vxlanBefore.TransmitPackets, vxlanAfter.TransmitPackets);
            Assert.InRange(Value(vxlanSamples, "dockernet_overlay_vxlan_receive_packets_total", vxlanLabels), vxlanBefore.ReceivePackets, vxlanAfter.ReceivePackets);

            // The dashboard's node graph, run by a real Prometheus: container ↔ veth ↔ br0 ↔ vxlan0.
            await using var prometheus = await PrometheusServer.StartAsync(exporter.BaseAddress);
            var veth = series[0]["veth"];
            await Eventually.WaitForAsync(
                async () =>
                {
                    var nodes = (await prometheus.QueryAsync(DashboardQueries.NodeGraph("nodes", exporter.BaseAddress.Authority))).Select(n => n.GetValueOrDefault("id")).ToHashSet();
                    var edges = (await prometheus.QueryAsync(DashboardQueries.NodeGraph("edges", exporter.BaseAddress.Authority))).Select(e => (e.GetValueOrDefault("source"), e.GetValueOrDefault("target"))).ToHashSet();
                    return nodes.IsSupersetOf([$"{sandbox}/br0", veth, $"{series[0]["container"]}/eth0", $"{sandbox}/vxlan0"])
                        && edges.IsSupersetOf([($"{sandbox}/br0", veth), (veth, $"{series[0]["container"]}/eth0"), ($"{sandbox}/br0", $"{sandbox}/vxlan0")])
                        ? "drawn" : null;
                },
                TimeSpan.FromSeconds(60),
                $"the node graph drawing {series[0]["container"]} through {veth} and {sandbox}/br0 to {sandbox}/vxlan0");
        }
        finally
        {
            // The overlay goes before the Swarm does: a network of a Swarm cannot be removed once it has left.
            await Docker.RemoveAsync("ov-", "overlay");
        }
    }

    [Fact]
    [Trait(EngineTrait.Name, EngineTrait.AnyDocker)] // the overlay needs a Swarm, which only the system's engine runs
    public async Task Both_ends_of_a_ping_over_macvlan_are_counted_as_their_containers_see_them_with_their_parent()
    {
        // The parent is a bridge of the test's own, with no port: never the host's uplink.
        await using var parent = await TestBridge.CreateAsync("dnmv" + Docker.RunId[..6]);
        try
        {
            var network = Docker.Name("macvlan");
            await Docker.CreateNetworkAsync(network, "--driver", "macvlan", "-o", $"parent={parent.Name}", "--subnet", "10.232.0.0/24", "--gateway", "10.232.0.1");
            var series = await PingBetweenPairAsync(environment.Exporter, "mv", network);
            Assert.All(series, s => Assert.Equal(("", $"macvlan:{parent.Name}"), (s["veth"], s["bridge"])));
            Assert.All(series, s => Assert.Equal(HostKernel.IfIndex(parent.Name), int.Parse(File.ReadAllText($"/proc/{PidOf(s)}/root/sys/class/net/eth0/iflink"), CultureInfo.InvariantCulture)));
        }
        finally
        {
            // Before the parent bridge goes.
            await Docker.RemoveAsync("mv-", "macvlan");
        }
    }

    private int PidOf(Sample sample) => pids[sample["container"]];

    /// <summary>A test container's eth0 iflink, as its own /proc/PID/root shows it: its peer's ifindex in the peer's namespace.</summary>
    private int HostIfLinkOf(string container) =>
        int.Parse(File.ReadAllText($"/proc/{pids[container]}/root/sys/class/net/eth0/iflink"), CultureInfo.InvariantCulture);

    private static double Value(IReadOnlyList<Sample> samples, string metric, (string Name, string Value)[] labels) =>
        Assert.Single(samples, s => s.Name == metric && labels.All(l => s[l.Name] == l.Value)).Value;

    /// <summary>The sandbox's /proc/net/dev, read from inside it: packets received (field 2) and transmitted (field 10) by interface.</summary>
    private static async Task<Dictionary<string, (ulong ReceivePackets, ulong TransmitPackets)>> SandboxNetDevAsync(string sandbox)
    {
        var output = await Shell.CheckedAsync("nsenter", $"--net=/run/docker/netns/{sandbox}", "cat", "/proc/net/dev");
        return output.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')).ToDictionary(
            parts => parts[0].Trim(),
            parts =>
            {
                var fields = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                return (fields[1], fields[9]);
            });
    }

    /// <summary>The sandbox's links as `ip -o link` prints them inside it: "7: veth1@if6: &lt;...&gt; ... master br0 ...".</summary>
    private static async Task<List<(int IfIndex, string Name, string? Master)>> SandboxLinksAsync(string sandbox)
    {
        var output = await Shell.CheckedAsync("nsenter", $"--net=/run/docker/netns/{sandbox}", "ip", "-o", "link", "show");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var master = words.SkipWhile(w => w != "master").Skip(1).FirstOrDefault();
            return (int.Parse(words[0].TrimEnd(':'), CultureInfo.InvariantCulture), words[1].TrimEnd(':').Split('@')[0], master);
        })];
    }

    /// <summary>
    /// Two containers on the network, a bounded ping from one to the other, then both containers'
    /// eth0 counters checked against the kernel; returns the receive-bytes series of both.
    /// </summary>
    /// <param name="alreadyRunning">Whether the pair was started by an earlier call: it pings again, and the counters have moved on.</param>
    private async Task<List<Sample>> PingBetweenPairAsync(RunningExporter exporter, string role, string network, bool alreadyRunning = false)
    {
        var source = Docker.Name($"{role}-source");
        var target = Docker.Name($"{role}-target");
        if (!alreadyRunning)
        {
            await Docker.StartContainerAsync(source, ["--network", network]);
            await Docker.StartContainerAsync(target, ["--network", network]);
            foreach (var container in new[] { source, target })
            {
                pids[container] = int.Parse(await Docker.InspectAsync(container, "{{.State.Pid}}"), CultureInfo.InvariantCulture);
            }
        }

        var targetIp = await Docker.InspectAsync(target, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        var received = HostKernel.NamespaceStatistics(pids[target], "eth0")["receive_packets"];
        await Docker.ExecAsync(source, "ping", "-c", "20", "-i", "0.05", "-W", "1", targetIp);
        await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_receive_packets_total", s => s["container"] == target && s["network"] == network && s.Value >= received + 20,
            $"20 pings received by {target} on {network}");

        var before = new[] { source, target }.ToDictionary(c => c, c => HostKernel.NamespaceStatistics(pids[c], "eth0"));
        var samples = await exporter.ScrapeAsync();
        var after = new[] { source, target }.ToDictionary(c => c, c => HostKernel.NamespaceStatistics(pids[c], "eth0"));

        foreach (var container in new[] { source, target })
        {
            foreach (var statistic in Statistics)
            {
                var sample = Assert.Single(samples, s => s.Name == $"dockernet_container_{statistic}_total" && s["container"] == container && s["interface"] == "eth0");
                Assert.Equal(network, sample["network"]);
                Assert.InRange(sample.Value, before[container][statistic], after[container][statistic]);
            }
        }

        Assert.True(after[target]["receive_packets"] >= received + 20, "the kernel counted the pings");
        return [.. samples.Where(s => s.Name == "dockernet_container_receive_bytes_total" && (s["container"] == source || s["container"] == target) && s["network"] == network)];
    }
}
