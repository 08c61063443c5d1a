using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// A real Prometheus scrapes an exporter with --collector.protocols while real containers run: a
/// healthy pair exchanging pings and HTTP fetches (the server sends over 10 TCP segments a second,
/// the floor of the retransmit ratio's panel and alert), a container with MTU 1000 pinged with 1400-byte
/// packets (every one dropped), and a /29 network filled to its last address. Every dashboard query
/// and every rule is evaluated by that Prometheus; the alerts whose conditions were induced fire,
/// for those containers only.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed partial class PrometheusEndToEndTests(DockerEnvironment environment)
{
    // Made by the first test that runs; the others share it, or its failure.
    private static Task<Scenario>? scenario;

    private DockerCli Docker => environment.Docker;

    [GeneratedRegex(@"(?<![\w:])(dockernet_[a-z0-9_]+|up)(?=\s*[{\[)\s]|$)")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeSelector();

    [GeneratedRegex(@"^label_values\((.+),\s*\w+\)$")]
    private static partial Regex LabelValues();

    [Fact]
    public async Task Every_dashboard_query_returns_data_for_the_test_containers()
    {
        var prometheus = (await SetUpAsync()).Prometheus;
        var dashboard = DashboardQueries.Dashboard();
        var queries = dashboard.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString()!, Expr: t.GetProperty("expr").GetString()!)))
            .Concat(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
                .Where(v => v.GetProperty("type").GetString() == "query")
                .Select(v => (Panel: "variable " + v.GetProperty("name").GetString(), Expr: LabelValues().Match(v.GetProperty("definition").GetString()!).Groups[1].Value)))
            .ToList();
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries found in the dashboard");

        foreach (var (panel, expr) in queries)
        {
            // Grafana's $__rate_interval, never a fixed window, in every range of the dashboard.
            Assert.All(RangeSelector().Matches(expr), m => Assert.Equal("[$__rate_interval]", m.Value));
            var promql = DashboardQueries.Substitute(expr);
            var result = await prometheus.QueryAsync(promql);
            Assert.True(result.Count > 0, $"panel \"{panel}\" returned no data: {promql}");
            if (result.Any(series => series.ContainsKey("container")))
            {
                Assert.True(result.Any(series => series.TryGetValue("container", out var c) && OfThisRun(c)), $"panel \"{panel}\" has no test container: {promql}");
            }
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
    public async Task Induced_drops_fire_the_drop_alert_for_that_container_only()
    {
        var setUp = await SetUpAsync();

        var firing = await FiringAsync(setUp.Prometheus, "DockerNetContainerPacketDrops", setUp.SmallMtu);
        Assert.Equal([setUp.SmallMtu], firing.Where(OfThisRun));
        Assert.Equal("eth0", Assert.Single(await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetContainerPacketDrops\",container=\"{setUp.SmallMtu}\"}}"))["interface"]);

        var mtu = await FiringAsync(setUp.Prometheus, "DockerNetContainerMtuMismatch", setUp.SmallMtu);
        Assert.Equal([setUp.SmallMtu], mtu.Where(OfThisRun));

        var pool = await Eventually.WaitForAsync(
            async () => await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetAddressPoolNearlyFull\",alertstate=\"firing\",network=\"{setUp.FullNetwork}\"}}") is [var first, ..] ? first : null,
            TimeSpan.FromSeconds(60),
            $"DockerNetAddressPoolNearlyFull firing for {setUp.FullNetwork}");
        Assert.Equal("10.254.251.0/29", pool["subnet"]);

        foreach (var healthy in new[] { "DockerNetContainerInterfaceErrors", "DockerNetContainerInterfaceDown", "DockerNetDockerUnreachable", "DockerNetTopologyStale", "DockerNetDiscoveryStalled", "DockerNetExporterDown", "DockerNetExporterAbsent" })
        {
            Assert.Empty(await setUp.Prometheus.QueryAsync($"ALERTS{{alertname=\"{healthy}\"}}"));
        }

        // Other tests may overflow their own containers' queues meanwhile: only this run's must be quiet.
        Assert.Empty(await setUp.Prometheus.QueryAsync(
            $"ALERTS{{alertname=~\"DockerNetContainerListenOverflows|DockerNetContainerUdpBufferErrors|DockerNetContainerTcpRetransmits\",container=~\"dnx-{Docker.RunId}-.+\"}}"));
    }

    private bool OfThisRun(string container) => container.StartsWith($"dnx-{Docker.RunId}-", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<string>> FiringAsync(PrometheusServer prometheus, string alert, string expected)
    {
        var query = $"ALERTS{{alertname=\"{alert}\",alertstate=\"firing\"}}";
        await Eventually.WaitForAsync(
            async () => (await prometheus.QueryAsync(query)).Any(s => s["container"] == expected) ? "firing" : null,
            TimeSpan.FromSeconds(60),
            $"{alert} firing for {expected}");
        return [.. (await prometheus.QueryAsync(query)).Select(s => s["container"]).Order(StringComparer.Ordinal)];
    }

    private Task<Scenario> SetUpAsync() => scenario ??= CreateScenarioAsync();

    /// <summary>The exporter, the containers, the traffic and the Prometheus, made once for the three tests.</summary>
    private async Task<Scenario> CreateScenarioAsync()
    {
        // The dashboard's and the rules' protocol series exist only with the collector on, which the shared exporter has not.
        var exporter = environment.DisposeAtEnd(await RunningExporter.StartAsync(DockerEnvironment.DockerHost, protocols: true));
        var network = Docker.Name("e2e");
        await Docker.CreateNetworkAsync(network);
        var client = Docker.Name("e2e-client");
        var server = Docker.Name("e2e-server");
        var smallMtu = Docker.Name("e2e-mtu1000");
        await Docker.StartContainerAsync(client, ["--network", network]);
        await Docker.StartContainerAsync(server, ["--network", network], "sh", "-c", "mkdir /www && head -c 131072 /dev/zero > /www/file && exec timeout 600 httpd -f -p 8080 -h /www");
        await Docker.StartContainerAsync(smallMtu, ["--network", network, "--cap-add", "NET_ADMIN"]);
        await Docker.ExecAsync(smallMtu, "ip", "link", "set", "eth0", "mtu", "1000");

        var full = Docker.Name("e2e-full");
        await Docker.RunAsync("network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.251.0/29", full);
        for (var i = 0; i < 5; i++)
        {
            await Docker.StartContainerAsync(Docker.Name($"e2e-full-{i}"), ["--network", full]);
        }

        var prometheus = environment.DisposeAtEnd(await PrometheusServer.StartAsync(exporter.BaseAddress));

        // Traffic only between the containers made here: a healthy exchange, and 15 packets too big for the MTU-1000 container.
        // The client fetches 128 KiB a second for 10 minutes at most, as long as the containers live:
        // about 90 segments a second from the server, through all three tests.
        var serverIp = await IpOn(server, network);
        await Docker.RunAsync("exec", "-d", client, "sh", "-c", $"for i in $(seq 600); do wget -q -O /dev/null http://{serverIp}:8080/file; sleep 1; done");
        await Docker.ExecAsync(client, "ping", "-c", "10", "-i", "0.2", "-W", "1", serverIp);
        await Shell.RunAsync(DockerCli.Executable, ["exec", client, "ping", "-c", "15", "-i", "0.2", "-W", "1", "-s", "1400", await IpOn(smallMtu, network)]);

        // Let Prometheus take a few more scrapes, so that every rate has samples after the traffic.
        await Task.Delay(TimeSpan.FromSeconds(5));
        return new Scenario(prometheus, smallMtu, full);
    }

    private Task<string> IpOn(string container, string network) =>
        Docker.InspectAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");

    private sealed record Scenario(PrometheusServer Prometheus, string SmallMtu, string FullNetwork);
}
