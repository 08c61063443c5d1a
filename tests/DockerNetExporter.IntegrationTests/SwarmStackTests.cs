using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// deploy/swarm/ on a single-node Swarm: the stack file deployed with the image the Dockerfile
/// builds, and a real Prometheus running the committed configuration, which finds the node's
/// exporter through the Swarm API (dockerswarm_sd_configs) and scrapes it. Only what must differ
/// here is changed: the engine's address, a port of the test's and a one-second scrape interval.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class SwarmStackTests(DockerEnvironment environment)
{
    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task Prometheus_finds_the_stacks_exporter_on_the_node_and_scrapes_its_containers_with_the_nodes_labels()
    {
        var image = await ExporterImage.BuildOnceAsync(environment);
        await using var swarm = await SingleNodeSwarm.JoinAsync(Docker);
        var node = (await Docker.RunAsync("node", "inspect", "self", "--format", "{{.ID}} {{.Description.Hostname}} {{.Status.Addr}}")).Split(' ');
        var (nodeId, hostname, address) = (node[0], node[1], node[2]);
        var stack = Docker.Name("stack");
        var port = ExporterProcess.FreeLoopbackPort();
        try
        {
            // The README's command, with the image and a port of the test's at the node's address, where the configuration looks.
            // No registry serves the image: it is used as built, without asking one for its digest.
            await Shell.CheckedAsync("env", $"DOCKERNET_IMAGE={image.Tag}", $"DOCKERNET_WEB_LISTEN_ADDRESS={address}:{port}",
                DockerCli.Executable, "stack", "deploy", "--resolve-image", "never", "-c", RepositoryFiles.Path("deploy", "swarm", "docker-stack.yml"), stack);
            var probe = Docker.Name("swarm-probe");
            await Docker.StartContainerAsync(probe, []);

            await using var prometheus = await PrometheusServer.StartWithConfigurationAsync(await ConfigurationAsync(port));

            // One target per node: this Swarm has one.
            Assert.Single((await Docker.RunAsync("node", "ls", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var up = Assert.Single(await prometheus.QueryAsync("up{job=\"dockernet\"}"));
            Assert.Equal(hostname, up["instance"]);
            Assert.Equal(nodeId, up["node_id"]);

            // Mapped by the exporter in the stack, through the host's procfs: the probe's veth as the kernel pairs it.
            var series = await prometheus.WaitForSeriesAsync(
                $"dockernet_container_receive_bytes_total{{container=\"{probe}\",instance=\"{hostname}\",node_id=\"{nodeId}\"}}",
                TimeSpan.FromSeconds(60),
                $"the stack's exporter serving {probe} with the node's labels");
            Assert.Equal(await Docker.HostVethOfAsync(probe, "eth0"), series["veth"]);
            Assert.Equal("docker0", series["bridge"]);
            await prometheus.WaitForSeriesAsync(
                $"dockernet_docker_up{{instance=\"{hostname}\",node_id=\"{nodeId}\"}} == 1", TimeSpan.FromSeconds(30), "dockernet_docker_up 1 from the stack's exporter");
        }
        finally
        {
            await Shell.RunAsync(DockerCli.Executable, ["stack", "rm", stack]);
            await Eventually.WaitForAsync(
                async () => (await Docker.RunAsync("ps", "-aq", "--filter", $"label=com.docker.stack.namespace={stack}")).Length == 0 ? "gone" : null,
                TimeSpan.FromSeconds(60),
                $"the containers of stack {stack} removed");
        }
    }

    /// <summary>deploy/swarm/prometheus.yml with the engine the tests use, the test's port and a one-second interval.</summary>
    private static async Task<string> ConfigurationAsync(int port)
    {
        var configuration = await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "swarm", "prometheus.yml"));
        foreach (var (committed, here) in new[]
        {
            ("host: unix:///var/run/docker.sock", $"host: {DockerEnvironment.DockerHost}"),
            ("port: 10077", $"port: {port}"),
            ("scrape_interval: 15s", "scrape_interval: 1s"),
            ("evaluation_interval: 15s", "evaluation_interval: 1s"),
        })
        {
            Assert.Contains(committed, configuration, StringComparison.Ordinal);
            configuration = configuration.Replace(committed, here, StringComparison.Ordinal);
        }

        return configuration;
    }
}
