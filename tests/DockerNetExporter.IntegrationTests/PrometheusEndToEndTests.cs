using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// A real Prometheus scrapes two exporters with --collector.protocols, as two hosts of a fleet
/// (instance host-a and host-b) on the same Docker engine, while real containers run: a healthy
/// pair exchanging pings and HTTP fetches (the server sends over 10 TCP segments a second, the floor
/// of the retransmit ratio's panel and alert), a container with MTU 1000 pinged with 1400-byte
/// packets (every one dropped), a /29 network filled to its last address, and a network with no
/// container. host-b leaves the MTU-1000 container and the /29's out (--container.exclude). Every
/// dashboard query and every rule is evaluated by that Prometheus: each host's series stay apart,
/// and the alerts whose conditions were induced fire for those containers, on host-a only (the
/// full pool, the engine's, on both).
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed partial class PrometheusEndToEndTests(DockerEnvironment environment)
{
    private const string HostA = "host-a";
    private const string HostB = "host-b";

    // Made by the first test that runs; the others share it, or its failure.
    private static Task<Scenario>? scenario;

    private DockerCli Docker => environment.Docker;

    [GeneratedRegex(@"(?<![\w:])(dockernet_[a-z0-9_]+|up)(?=\s*[{\[)\s]|$)")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeSelector();

    [Fact]
    public async Task Every_dashboard_query_returns_each_chosen_host_apart_with_the_test_containers()
    {
        var prometheus = (await SetUpAsync()).Prometheus;
        var queries = DashboardQueries.Queries();
        Assert.True(queries.Count >= 30, $"only {queries.Count} queries found in the dashboard");

        foreach (var (panel, expr) in queries)
        {
            // Grafana's $__rate_interval, never a fixed window, in every range of the dashboard.
            Assert.All(RangeSelector().Matches(expr), m => Assert.Equal("[$__rate_interval]", m.Value));

            // The mixin's selector (its default here) first in every series selector, so that a fleet's own selector limits every query.
            Assert.All(MetricName().Matches(expr), m => Assert.StartsWith("{job=\"dockernet\"", expr[(m.Index + m.Length)..], StringComparison.Ordinal));

            // Each host alone, then All: the node graph draws its own one host whatever $instance says.
            foreach (var chosen in new[] { HostA, HostB, DashboardQueries.All })
            {
                var nodeInstance = chosen == DashboardQueries.All ? HostA : chosen;
                string[] expected = expr.Contains("$node_instance", StringComparison.Ordinal) ? [nodeInstance]
                    : expr.Contains("$instance", StringComparison.Ordinal) && chosen != DashboardQueries.All ? [chosen]
                    : [HostA, HostB];
                var promql = DashboardQueries.Substitute(expr, chosen, nodeInstance);
                var result = await prometheus.QueryAsync(promql);
                Assert.True(result.All(series => series.ContainsKey("instance")), $"panel \"{panel}\" merges hosts, a series has no instance: {promql}");
                Assert.Equal(expected, result.Select(series => series["instance"]).Distinct().Order(StringComparer.Ordinal));
                if (result.Any(series => series.ContainsKey("container")))
                {
                    Assert.All(expected, host => Assert.True(
                        result.Any(series => series["instance"] == host && series.TryGetValue("container", out var c) && OfThisRun(c)),
                        $"panel \"{panel}\" has no test container on {host}: {promql}"));
                }
            }
        }
    }

    [Fact]
    public async Task The_node_graph_draws_one_host_its_bridges_as_the_traffic_of_their_edges_and_no_bridge_without_a_container()
    {
        var setUp = await SetUpAsync();
        foreach (var host in new[] { HostA, HostB })
        {
            // Both queries at one instant, so that a bridge's figure and its edges' come from the same samples.
            var at = DateTimeOffset.UtcNow;
            var nodes = await setUp.Prometheus.QueryValuesAsync(DashboardQueries.NodeGraph("nodes", host), at);
            var edges = await setUp.Prometheus.QueryValuesAsync(DashboardQueries.NodeGraph("edges", host), at);
            Assert.All(nodes.Concat(edges), series => Assert.Equal(host, series.Labels["instance"]));

            var ids = nodes.Select(n => n.Labels["id"]).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Contains($"{setUp.Server}/eth0", ids);
            Assert.Equal(host == HostA, ids.Contains($"{setUp.SmallMtu}/eth0"));
            Assert.DoesNotContain(setUp.EmptyBridge, ids);

            // Every node is an end of an edge: no orphan; and a bridge's figure is the sum of its edges', receive and transmit alike.
            var ends = edges.SelectMany(e => new[] { e.Labels["source"], e.Labels["target"] }).ToHashSet();
            Assert.All(ids, id => Assert.Contains(id, ends));
            var bridge = nodes.Single(n => n.Labels["id"] == setUp.TestBridge);
            var through = edges.Where(e => e.Labels["source"] == setUp.TestBridge).Sum(e => e.Value);
            Assert.True(bridge.Value > 0, $"{setUp.TestBridge} carries nothing on {host}");
            Assert.Equal(through, bridge.Value, bridge.Value * 1e-9);
        }
    }

    [Fact]
    public async Task Every_rule_evaluates_and_the_series_it_reads_have_data()
    {
        var prometheus = (await SetUpAsync()).Prometheus;
        var rules = await prometheus.RulesAsync();
        Assert.Equal(22, rules.Count);

        foreach (var rule in rules)
        {
            Assert.True(rule.Health == "ok", $"{rule.Name}: health {rule.Health} {rule.LastError}");
            foreach (var metric in MetricName().Matches(rule.Query).Select(m => m.Groups[1].Value).Distinct())
            {
                Assert.True((await prometheus.QueryAsync(metric)).Count > 0, $"{rule.Name} reads {metric}, which has no data");
            }

            if (rule.Type == "recording")
            {
                var recorded = await prometheus.QueryAsync(rule.Name);
                Assert.True(recorded.Count > 0, $"recording rule {rule.Name} recorded nothing");
                Assert.True(
                    !recorded.Any(s => s.ContainsKey("container")) || recorded.Any(s => s.TryGetValue("container", out var c) && OfThisRun(c)),
                    $"recording rule {rule.Name} has no test container");
            }
        }
    }

    [Fact]
    public async Task Induced_drops_fire_the_drop_alert_for_that_container_on_its_host_only()
    {
        var setUp = await SetUpAsync();

        Assert.Equal([(HostA, setUp.SmallMtu)], await FiringAsync(setUp.Prometheus, "DockerNetContainerPacketDrops", setUp.SmallMtu));
        Assert.Equal("eth0", Assert.Single(await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetContainerPacketDrops\",container=\"{setUp.SmallMtu}\"}}"))["interface"]);
        Assert.Equal([(HostA, setUp.SmallMtu)], await FiringAsync(setUp.Prometheus, "DockerNetContainerMtuMismatch", setUp.SmallMtu));

        // The pool is the engine's, not a container's: --container.exclude leaves host-b's count of it whole, so both
        // hosts (one engine here) fire, each its own alert under its own instance, never one merged alert.
        var pool = await Eventually.WaitForAsync(
            async () => await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetAddressPoolNearlyFull\",alertstate=\"firing\",network=\"{setUp.FullNetwork}\"}}") is { Count: 2 } both ? both : null,
            TimeSpan.FromSeconds(60),
            $"DockerNetAddressPoolNearlyFull firing for {setUp.FullNetwork} on both hosts");
        Assert.Equal([HostA, HostB], pool.Select(s => s["instance"]).Order(StringComparer.Ordinal));
        Assert.All(pool, alert => Assert.Equal("10.254.251.0/29", alert["subnet"]));

        foreach (var healthy in new[] { "DockerNetContainerInterfaceErrors", "DockerNetContainerInterfaceDown", "DockerNetDockerUnreachable", "DockerNetTopologyStale", "DockerNetDiscoveryStalled", "DockerNetExporterDown", "DockerNetExporterAbsent" })
        {
            Assert.Empty(await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"{healthy}\"}}"));
        }

        // Other tests may overflow their own containers' queues meanwhile: only this run's must be quiet.
        Assert.Empty(await setUp.Prometheus.QueryAsync(
            $"ALERTS{{alertname=~\"DockerNetContainerListenOverflows|DockerNetContainerUdpBufferErrors|DockerNetContainerTcpRetransmits\",container=~\"dnx-{Docker.RunId}-.+\"}}"));
    }

    private bool OfThisRun(string container) => container.StartsWith($"dnx-{Docker.RunId}-", StringComparison.Ordinal);

    /// <summary>Waits for the alert to fire for <paramref name="expected"/>; then, every host and container of this scenario it fires for.</summary>
    private async Task<IReadOnlyList<(string Instance, string Container)>> FiringAsync(PrometheusServer prometheus, string alert, string expected)
    {
        var query = $"ALERTS{{alertname=\"{alert}\",alertstate=\"firing\"}}";
        await Eventually.WaitForAsync(
            async () => (await prometheus.QueryAsync(query)).Any(s => s["container"] == expected) ? "firing" : null,
            TimeSpan.FromSeconds(60),
            $"{alert} firing for {expected}");
        // This scenario's containers: other tests of the run induce drops of their own (TopologyTests' MTU-1000 target).
        return [.. (await prometheus.QueryAsync(query)).Where(s => s["container"].StartsWith(Docker.Name("e2e-"), StringComparison.Ordinal)).Select(s => (s["instance"], s["container"])).Order()];
    }

    private Task<Scenario> SetUpAsync() => scenario ??= CreateScenarioAsync();

    /// <summary>The two exporters, the containers, the traffic and the Prometheus, made once for the four tests.</summary>
    private async Task<Scenario> CreateScenarioAsync()
    {
        var network = Docker.Name("e2e");
        var testBridge = "br-" + (await Docker.CreateNetworkAsync(network))[..12];
        var client = Docker.Name("e2e-client");
        var server = Docker.Name("e2e-server");
        var smallMtu = Docker.Name("e2e-mtu1000");
        var full = Docker.Name("e2e-full");

        // The dashboard's and the rules' protocol series exist only with the collector on, which the shared exporter has not.
        // host-b leaves out the MTU-1000 container and the full network's: what is induced there is host-a's alone.
        var hostA = environment.DisposeAtEnd(await RunningExporter.StartAsync(DockerEnvironment.DockerHost, protocols: true));
        var hostB = environment.DisposeAtEnd(await RunningExporter.StartAsync(
            DockerEnvironment.DockerHost, protocols: true, containerExclude: new Regex($"^({Regex.Escape(smallMtu)}|{Regex.Escape(full)}-[0-9]+)$", RegexOptions.NonBacktracking)));

        await Docker.StartContainerAsync(client, ["--network", network]);
        await Docker.StartContainerAsync(server, ["--network", network], "sh", "-c", "mkdir /www && head -c 131072 /dev/zero > /www/file && exec timeout 600 httpd -f -p 8080 -h /www");
        await Docker.StartContainerAsync(smallMtu, ["--network", network, "--cap-add", "NET_ADMIN"]);
        await Docker.ExecAsync(smallMtu, "ip", "link", "set", "eth0", "mtu", "1000");

        await Docker.RunAsync("network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.251.0/29", full);
        for (var i = 0; i < 5; i++)
        {
            await Docker.StartContainerAsync(Docker.Name($"e2e-full-{i}"), ["--network", full]);
        }

        // A network no container joins: its bridge is in the exporter's bridge series, never in the node graph.
        var emptyBridge = "br-" + (await Docker.CreateNetworkAsync(Docker.Name("e2e-empty")))[..12];

        var prometheus = environment.DisposeAtEnd(await PrometheusServer.StartAsync([(hostA.BaseAddress, HostA), (hostB.BaseAddress, HostB)]));
        // Traffic only between the containers made here: a healthy exchange, and 15 packets too big for the MTU-1000 container.
        // The client fetches 128 KiB a second for 10 minutes at most, as long as the containers live:
        // about 90 segments a second from the server, through all four tests.
        var serverIp = await IpOn(server, network);
        await Docker.RunAsync("exec", "-d", client, "sh", "-c", $"for i in $(seq 600); do wget -q -O /dev/null http://{serverIp}:8080/file; sleep 1; done");
        await Docker.ExecAsync(client, "ping", "-c", "10", "-i", "0.2", "-W", "1", serverIp);
        await Shell.RunAsync(DockerCli.Executable, ["exec", client, "ping", "-c", "15", "-i", "0.2", "-W", "1", "-s", "1400", await IpOn(smallMtu, network)]);

        // Let Prometheus take a few more scrapes, so that every rate has samples after the traffic.
        await Task.Delay(TimeSpan.FromSeconds(5));
        return new Scenario(prometheus, server, smallMtu, full, testBridge, emptyBridge);
    }

    private Task<string> IpOn(string container, string network) =>
        Docker.InspectAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");

    /// <param name="TestBridge">The bridge of the network of the client, the server and the MTU-1000 container.</param>
    /// <param name="EmptyBridge">The bridge of a network with no container.</param>
    private sealed record Scenario(PrometheusServer Prometheus, string Server, string SmallMtu, string FullNetwork, string TestBridge, string EmptyBridge);
}
