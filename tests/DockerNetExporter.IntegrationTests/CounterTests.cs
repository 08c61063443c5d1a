using DockerNetExporter.Configuration;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Counters against the kernel, with bounded traffic between containers this test made. Each
/// exported value must lie between the kernel's value read just before the scrape and just after it.
/// Each test runs against both counter sources: the shared exporter's sysfs files, and an exporter
/// of its own reading /proc/net/dev.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class CounterTests(DockerEnvironment environment)
{
    // What the container receives is what its veth transmits, and the reverse.
    private static readonly (string Metric, string VethStatistic)[] ContainerCounters =
    [
        ("dockernet_container_receive_bytes_total", "tx_bytes"), ("dockernet_container_receive_packets_total", "tx_packets"),
        ("dockernet_container_receive_errors_total", "tx_errors"), ("dockernet_container_receive_dropped_total", "tx_dropped"),
        ("dockernet_container_transmit_bytes_total", "rx_bytes"), ("dockernet_container_transmit_packets_total", "rx_packets"),
        ("dockernet_container_transmit_errors_total", "rx_errors"), ("dockernet_container_transmit_dropped_total", "rx_dropped"),
    ];

    private DockerCli Docker => environment.Docker;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Container_and_bridge_counters_match_the_kernel_after_a_ping(bool fromProcNetDev)
    {
        await using var own = fromProcNetDev ? await RunningExporter.StartAsync(DockerEnvironment.DockerHost, counterSource: CounterSource.ProcNetDev) : null;
        var exporter = own ?? environment.Exporter;
        var (source, target, targetIp) = await StartPairOnNewNetworkAsync(fromProcNetDev ? "ping-nd" : "ping", []);

        await Docker.ExecAsync(source, "ping", "-c", "20", "-i", "0.05", "-W", "1", targetIp);

        var veth = await Docker.HostVethOfAsync(target, "eth0");
        var bridge = HostKernel.Master(veth)!;
        await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_receive_packets_total", s => s["veth"] == veth && s.Value >= 20, $"20 pings received by {target}");

        var before = ContainerCounters.ToDictionary(c => c.Metric, c => HostKernel.Statistic(veth, c.VethStatistic));
        var bridgeBefore = BridgeStatistics(bridge);
        var samples = await exporter.ScrapeAsync();
        var after = ContainerCounters.ToDictionary(c => c.Metric, c => HostKernel.Statistic(veth, c.VethStatistic));
        var bridgeAfter = BridgeStatistics(bridge);

        foreach (var (metric, _) in ContainerCounters)
        {
            var sample = Assert.Single(samples, s => s.Name == metric && s["veth"] == veth);
            Assert.Equal(target, sample["container"]);
            Assert.InRange(sample.Value, before[metric], after[metric]);
        }

        foreach (var (statistic, low) in bridgeBefore)
        {
            var sample = Assert.Single(samples, s => s.Name == BridgeMetric(statistic) && s["bridge"] == bridge);
            Assert.InRange(sample.Value, low, bridgeAfter[statistic]);
        }
    }

    /// <summary>
    /// A container whose eth0 MTU is lowered to 1000 cannot take a 1400-byte ping: its veth drops
    /// every one (tx_dropped), which the container sees as packets it did not receive.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Packets_dropped_on_the_way_into_a_container_are_its_receive_drops(bool fromProcNetDev)
    {
        await using var own = fromProcNetDev ? await RunningExporter.StartAsync(DockerEnvironment.DockerHost, counterSource: CounterSource.ProcNetDev) : null;
        var exporter = own ?? environment.Exporter;
        var (sender, small, smallIp) = await StartPairOnNewNetworkAsync(fromProcNetDev ? "drop-nd" : "drop", ["--cap-add", "NET_ADMIN"]);
        await Docker.ExecAsync(small, "ip", "link", "set", "eth0", "mtu", "1000");
        var veth = await Docker.HostVethOfAsync(small, "eth0");
        var droppedBefore = HostKernel.Statistic(veth, "tx_dropped");

        var ping = await Shell.RunAsync(DockerCli.Executable, ["exec", sender, "ping", "-c", "5", "-i", "0.2", "-W", "1", "-s", "1400", smallIp]);
        Assert.NotEqual(0, ping.ExitCode); // every packet was dropped
        Assert.True(HostKernel.Statistic(veth, "tx_dropped") >= droppedBefore + 5, "the kernel counted the drops on the veth");

        var dropped = await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_receive_dropped_total", s => s["container"] == small && s.Value >= droppedBefore + 5, $"drops of {small}");
        Assert.Equal(veth, dropped["veth"]);
        Assert.True(dropped.Value <= HostKernel.Statistic(veth, "tx_dropped"));

        var samples = await exporter.ScrapeAsync();
        var mtu = Assert.Single(samples, s => s.Name == "dockernet_container_interface_mtu_bytes" && s["container"] == small);
        Assert.Equal(1000, mtu.Value);
        var bridgeMtu = Assert.Single(samples, s => s.Name == "dockernet_bridge_mtu_bytes" && s["bridge"] == dropped["bridge"]);
        Assert.Equal(1500, bridgeMtu.Value);
        var up = Assert.Single(samples, s => s.Name == "dockernet_container_interface_up" && s["container"] == small);
        Assert.Equal(1, up.Value);
    }

    /// <summary>A new network with two containers on it: the source, and the target (with extra options) and its address.</summary>
    private async Task<(string Source, string Target, string TargetIp)> StartPairOnNewNetworkAsync(string role, string[] targetOptions)
    {
        var network = Docker.Name($"{role}-net");
        await Docker.CreateNetworkAsync(network);
        var source = Docker.Name($"{role}-source");
        var target = Docker.Name($"{role}-target");
        await Docker.StartContainerAsync(source, ["--network", network]);
        await Docker.StartContainerAsync(target, ["--network", network, .. targetOptions]);
        return (source, target, await Docker.InspectAsync(target, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}"));
    }

    private static Dictionary<string, ulong> BridgeStatistics(string bridge) =>
        new[] { "rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors", "tx_dropped" }
            .ToDictionary(s => s, s => HostKernel.Statistic(bridge, s));

    private static string BridgeMetric(string statistic) =>
        $"dockernet_bridge_{(statistic.StartsWith("rx_", StringComparison.Ordinal) ? "receive" : "transmit")}_{statistic[3..]}_total";
}
