using System.Diagnostics;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Podman through its Docker-compatible API (<c>podman system service</c>): rootful containers on
/// Podman's own bridge, found by name at the full sync and through events, each on the veth the
/// kernel pairs with it, with the kernel's counters, and Podman's network on its bridge. Traffic
/// only between the two containers.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class PodmanTests : IAsyncLifetime
{
    private readonly DockerCli podman = DockerCli.Podman();
    private readonly string socket;
    private Process? service;

    public PodmanTests() => socket = $"/tmp/dnx-podman-{podman.RunId}.sock";

    public async Task InitializeAsync()
    {
        service = Process.Start("podman", ["system", "service", "--time=0", $"unix://{socket}"]);
        await Eventually.WaitForAsync(() => Task.FromResult(File.Exists(socket) ? "up" : null), TimeSpan.FromSeconds(30), "podman system service listening");
    }

    public async Task DisposeAsync()
    {
        await podman.CleanUpAsync();
        if (service is not null)
        {
            service.Kill();
            await service.WaitForExitAsync();
            service.Dispose();
        }

        File.Delete(socket);
    }

    [Fact]
    public async Task Podman_containers_appear_by_name_on_their_veths_with_the_kernels_counters()
    {
        var early = podman.Name("early");
        await podman.StartContainerAsync(early, ["--cap-add", "NET_RAW"]); // Podman leaves it out, and ping needs it
        await using var exporter = await RunningExporter.StartAsync(new Uri($"unix://{socket}"));
        var late = podman.Name("late"); // found through the events stream
        await podman.StartContainerAsync(late, []);

        foreach (var name in new[] { early, late })
        {
            var series = await DockerEnvironment.WaitForSampleAsync(
                exporter, "dockernet_container_receive_bytes_total", s => s["container"] == name, $"series of the Podman container {name}");
            var veth = await podman.HostVethOfAsync(name, "eth0");
            Assert.Equal(veth, series["veth"]);
            Assert.Equal(HostKernel.Master(veth), series["bridge"]);
        }

        var lateIp = await podman.InspectAsync(late, "{{.NetworkSettings.IPAddress}}");
        await podman.ExecAsync(early, "ping", "-c", "5", "-i", "0.2", "-W", "1", lateIp);
        var lateVeth = await podman.HostVethOfAsync(late, "eth0");
        await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_receive_packets_total", s => s["veth"] == lateVeth && s.Value >= 5, $"5 pings received by {late}");

        var low = HostKernel.Statistic(lateVeth, "tx_packets");
        var samples = await exporter.ScrapeAsync();
        var high = HostKernel.Statistic(lateVeth, "tx_packets");
        Assert.InRange(Assert.Single(samples, s => s.Name == "dockernet_container_receive_packets_total" && s["veth"] == lateVeth).Value, low, high);
        Assert.Equal(lateIp, Assert.Single(samples, s => s.Name == "dockernet_container_ip_info" && s["container"] == late)["ip"]);
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);

        // The network by the name Podman gives it in its containers, on the bridge the kernel shows, with the subnet Podman says.
        var bridge = HostKernel.Master(lateVeth)!;
        var network = await podman.InspectAsync(late, "{{range $name, $endpoint := .NetworkSettings.Networks}}{{$name}}{{end}}");
        Assert.Equal(network, Assert.Single(samples, s => s.Name == "dockernet_container_receive_packets_total" && s["veth"] == lateVeth)["network"]);
        var info = Assert.Single(samples, s => s.Name == "dockernet_bridge_info" && s["bridge"] == bridge);
        Assert.Equal(network, info["network"]);
        Assert.Equal(await podman.RunAsync("network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}}{{end}}", network), info["subnet"]);
        Assert.True(Assert.Single(samples, s => s.Name == "dockernet_network_addresses_assigned" && s["network"] == network).Value >= 2);
    }

    /// <summary>
    /// Podman's compatible API gives a published port as Docker does: a series from the start
    /// event, gone with the container's removal event. The full sync is left at its hour, so that
    /// only the events can make either happen: Podman 4.3 matches the events filter against its own
    /// names (died, remove), which the filter must therefore hold (died is pinned by the stop test below).
    /// </summary>
    [Fact]
    public async Task A_port_Podman_publishes_is_a_series_until_the_container_goes()
    {
        await using var exporter = await RunningExporter.StartAsync(new Uri($"unix://{socket}"));
        var name = podman.Name("published");
        var hostPort = ExporterProcess.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await podman.StartContainerAsync(name, ["-p", $"127.0.0.1:{hostPort}:80/udp"]);

        var series = await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_published_port_info", s => s["container"] == name, $"the published port of the Podman container {name}");
        Assert.Equal(("udp", "80", "127.0.0.1", hostPort), (series["protocol"], series["container_port"], series["host_ip"], series["host_port"]));

        await podman.RunAsync("rm", "-f", "-t", "0", name);
        await Eventually.WaitForAsync(
            async () => (await exporter.ScrapeAsync()).Any(s => s.Name == "dockernet_container_published_port_info" && s["container"] == name) ? null : "gone",
            TimeSpan.FromSeconds(15),
            $"the published port of {name} gone with it");
    }

    /// <summary>
    /// A stop reaches the exporter through Podman's events: the full sync is left at its hour, and a
    /// container with no network has no network event to stand in for its own. Podman 4.3 matches
    /// the events filter against its own names (died for die), which the filter must therefore hold;
    /// without it this container stayed until the next full sync. Stopped, not removed: a removal
    /// sends died first, so that it would pass on either name.
    /// </summary>
    [Fact]
    public async Task A_Podman_container_goes_with_its_own_stop_event()
    {
        await using var exporter = await RunningExporter.StartAsync(new Uri($"unix://{socket}"));
        var name = podman.Name("unnetworked");
        await podman.StartContainerAsync(name, ["--network", "none"]);
        await DockerEnvironment.WaitForSampleAsync(
            exporter, "dockernet_container_info", s => s["container"] == name, $"the info series of the Podman container {name}");

        await podman.RunAsync("stop", "-t", "0", name);
        await Eventually.WaitForAsync(
            async () => (await exporter.ScrapeAsync()).Any(s => s.Name == "dockernet_container_info" && s["container"] == name) ? null : "gone",
            TimeSpan.FromSeconds(15),
            $"the info series of {name} gone with it");
    }
}
