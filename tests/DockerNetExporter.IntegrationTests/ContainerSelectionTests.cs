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
        await using var exporter = await ExporterServer.StartAsync(
            "http",
            null,
            $"--docker.host={DockerEnvironment.DockerHost}",
            $"--container.include=^{environment.Docker.Name("filter-")}",
            "--container.exclude=-dropped$");
        await MetricsEndpoint.WaitForAsync(
            exporter.Http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == kept, TimeSpan.FromSeconds(30), $"the series of {kept}");

        var samples = await MetricsEndpoint.ScrapeAsync(exporter.Http);
        var containers = samples.Where(s => s.Labels.ContainsKey("container")).Select(s => s["container"]).ToHashSet();
        Assert.Contains(kept, containers);
        Assert.DoesNotContain(dropped, containers);
        Assert.DoesNotContain(other, containers);
        // Every container served is one the inclusion names: the shared engine's others are left out too.
        Assert.All(containers, c => Assert.StartsWith(environment.Docker.Name("filter-"), c, StringComparison.Ordinal));
        Assert.DoesNotContain(dropped, await exporter.Http.GetStringAsync(new Uri("/topology", UriKind.Relative)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Labels as an operator sets them, and as an attacker who can run containers does: a value with
    /// a quote, a backslash and a newline (to forge a sample line), one of 1,000 characters.
    /// </summary>
    [Fact]
    public async Task Allowlisted_docker_labels_are_served_on_container_info_sanitised_and_bounded()
    {
        var name = environment.Docker.Name("labels");
        var forged = "x\"} 1\ndockernet_container_info{container=\"forged\\";
        await environment.Docker.StartContainerAsync(
            name,
            ["--label", "com.example.team=net-ops", "--label", "evil=" + forged, "--label", "long=" + new string('y', 1000), "--label", "secret.token=hunter2"]);
        await using var exporter = await ExporterServer.StartAsync(
            "http", null, $"--docker.host={DockerEnvironment.DockerHost}", "--docker.container-labels=com.example.team,evil,long,absent");
        var info = await MetricsEndpoint.WaitForAsync(
            exporter.Http, s => s.Name == "dockernet_container_info" && s["container"] == name, TimeSpan.FromSeconds(30), $"the info series of {name}");

        Assert.Equal("net-ops", info["label_com_example_team"]);
        Assert.Equal(forged, info["label_evil"]);
        Assert.Equal(new string('y', 256), info["label_long"]);
        Assert.Equal("", info["label_absent"]);
        Assert.DoesNotContain(info.Labels.Keys, k => k.Contains("secret", StringComparison.Ordinal));
        var samples = await MetricsEndpoint.ScrapeAsync(exporter.Http);
        Assert.DoesNotContain(samples, s => s["container"] == "forged");
        Assert.Single(samples, s => s.Name == "dockernet_container_info" && s["container"] == name);
    }
}
