using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>--container.include and --container.exclude on the executable against real containers.</summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerSelectionTests(DockerEnvironment environment)
{
    [Fact]
    public async Task An_excluded_container_has_no_series_at_all_and_an_included_one_has_its_own()
    {
        var kept = environment.Docker.Name("filter-kept");
        var dropped = environment.Docker.Name("filter-dropped");
        var other = environment.Docker.Name("unfiltered"); // not named as the inclusion asks
        await Task.WhenAll(
            environment.Docker.StartContainerAsync(kept, []),
            environment.Docker.StartContainerAsync(dropped, []),
            environment.Docker.StartContainerAsync(other, []));
        var port = ExporterProcess.FreeLoopbackPort();
        using var process = ExporterProcess.Start(
            new(),
            $"--web.listen-address=127.0.0.1:{port}",
            $"--docker.host={DockerEnvironment.DockerHost}",
            $"--container.include=^{environment.Docker.Name("filter-")}",
            "--container.exclude=-dropped$");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == kept, TimeSpan.FromSeconds(30), $"the series of {kept}");

            var samples = await MetricsEndpoint.ScrapeAsync(http);
            var containers = samples.Where(s => s.Labels.ContainsKey("container")).Select(s => s["container"]).ToHashSet();
            Assert.Contains(kept, containers);
            Assert.DoesNotContain(dropped, containers);
            Assert.DoesNotContain(other, containers);
            // Every container served is one the inclusion names: the shared engine's others are left out too.
            Assert.All(containers, c => Assert.StartsWith(environment.Docker.Name("filter-"), c, StringComparison.Ordinal));
            Assert.DoesNotContain(dropped, await http.GetStringAsync(new Uri("/topology", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
        }
    }
}
