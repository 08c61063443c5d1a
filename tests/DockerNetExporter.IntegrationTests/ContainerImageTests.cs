using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The repository's Dockerfile, built (see <see cref="ExporterImage"/>) and run as the README says.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerImageTests(DockerEnvironment environment)
{
    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task The_image_serves_the_hosts_containers_and_reports_healthy()
    {
        var tag = (await ExporterImage.BuildOnceAsync(environment)).Tag;
        try
        {
            var name = Docker.Name("probe");
            await Docker.StartContainerAsync(name, []);

            // The test image's root directory is 0700 (tests/prepare-host.sh tars a mktemp -d tree): passed only with DAC_READ_SEARCH.
            Assert.Equal("700", await Shell.CheckedAsync("stat", "-c", "%a", $"/proc/{await Docker.InspectAsync(name, "{{.State.Pid}}")}/root/"));
            var port = ExporterProcess.FreeLoopbackPort();

            // The README's command, on a port of the test's: in the host's network namespace, as pairing proven by the kernel needs,
            // with Docker's default capabilities dropped and the two it needs added.
            string[] privileges = ["--network=host", "--pid=host", "--cap-drop", "ALL", "--cap-add", "SYS_PTRACE", "--cap-add", "DAC_READ_SEARCH"];
            Assert.Contains(string.Join(' ', privileges), await File.ReadAllTextAsync(RepositoryFiles.Path("README.md")), StringComparison.Ordinal);
            await Docker.RunAsync([
                "run", "-d", "--name", Docker.Name("exporter-image"), "--label", $"dockernet.test.run={Docker.RunId}",
                .. privileges, "-v", "/sys:/host/sys:ro", "-v", "/var/run/docker.sock:/var/run/docker.sock:ro",
                "-e", $"DOCKERNET_WEB_LISTEN_ADDRESS=127.0.0.1:{port}", "--health-interval", "1s", tag]);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var series = await MetricsEndpoint.WaitForAsync(
                http,
                s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name,
                TimeSpan.FromSeconds(60),
                $"the containerised exporter serving {name}");
            Assert.Equal(await Docker.HostVethOfAsync(name, "eth0"), series["veth"]);
            Assert.Equal("docker0", series["bridge"]);

            // Started after the exporter: found through the events stream, whose JSON the AOT build reads.
            var late = Docker.Name("probe-late");
            await Docker.StartContainerAsync(late, []);
            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == late, TimeSpan.FromSeconds(30), $"the containerised exporter serving {late}");

            await Eventually.WaitForAsync(
                async () => await Docker.InspectAsync(Docker.Name("exporter-image"), "{{.State.Health.Status}}") == "healthy" ? "healthy" : null,
                TimeSpan.FromSeconds(60),
                "the image's HEALTHCHECK reporting healthy");
        }
        finally
        {
            await Shell.RunAsync(DockerCli.Executable, ["rm", "-f", Docker.Name("exporter-image")]);
        }
    }
}
