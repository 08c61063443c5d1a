using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// A real container run with -p, seen by the executable as a process through Docker's events: its
/// published port appears as dockernet_container_published_port_info and in `topology`, and goes
/// when the container is removed. No traffic is sent to the port.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class PublishedPortTests(DockerEnvironment environment)
{
    private const string Family = "dockernet_container_published_port_info";

    [Fact]
    public async Task A_port_published_with_p_appears_as_a_series_and_in_the_topology_and_goes_with_its_container()
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var hostPort = port.ToString(CultureInfo.InvariantCulture);
        var exporterPort = ExporterProcess.FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        using var process = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{exporterPort}", $"--docker.host={DockerEnvironment.DockerHost}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporterPort}"), Timeout = TimeSpan.FromSeconds(5) };
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 1, TimeSpan.FromSeconds(30), "the exporter synced with Docker");
            var name = environment.Docker.Name("published");
            await environment.Docker.StartContainerAsync(name, ["-p", $"127.0.0.1:{hostPort}:80"]); // started after the sync: through the events

            var series = await MetricsEndpoint.WaitForAsync(http, s => s.Name == Family && s["container"] == name, TimeSpan.FromSeconds(30), $"{Family} of {name}");
            Assert.Equal(("tcp", "80", "127.0.0.1", hostPort, 1.0), (series["protocol"], series["container_port"], series["host_ip"], series["host_port"], series.Value));
            Assert.Single(await MetricsEndpoint.ScrapeAsync(http), s => s.Name == Family && s["container"] == name); // the one address asked for
            Assert.Equal(hostPort, await environment.Docker.InspectAsync(name, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}"));

            var (exitCode, json, stderr) = await ExporterProcess.RunToExitAsync("topology", "--output=json");
            Assert.True(exitCode == 0, stderr);
            using var document = JsonDocument.Parse(json);
            var published = Assert.Single(
                document.RootElement.GetProperty("bridges").EnumerateArray().SelectMany(b => b.GetProperty("ports").EnumerateArray()),
                p => p.GetProperty("container").GetString() == name)
                .GetProperty("published_ports");
            var only = Assert.Single(published.EnumerateArray());
            Assert.Equal(("tcp", 80, "127.0.0.1", port), (only.GetProperty("protocol").GetString(), only.GetProperty("container_port").GetInt32(), only.GetProperty("host_ip").GetString(), only.GetProperty("host_port").GetInt32()));
            var (_, text, _) = await ExporterProcess.RunToExitAsync("topology");
            Assert.Contains(text.Split('\n'), l => l.Contains(name + ":eth0", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{hostPort}->80/tcp", StringComparison.Ordinal));

            await environment.Docker.RunAsync("rm", "-f", name);
            await Eventually.WaitForAsync(
                async () => (await MetricsEndpoint.ScrapeAsync(http)).Any(s => s.Name == Family && s["container"] == name) ? null : "gone",
                TimeSpan.FromSeconds(30),
                $"{Family} of {name} gone with it");
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
        }
    }
}
