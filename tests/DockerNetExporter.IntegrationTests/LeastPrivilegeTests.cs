using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The exporter run as nobody, with no capability: it says what it lacks in one line and serves
/// what it still can, never a crash loop. The README's Security table, checked.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class LeastPrivilegeTests(DockerEnvironment environment)
{
    [Fact]
    public async Task Without_CAP_SYS_PTRACE_it_serves_bridges_and_container_info_and_says_why()
    {
        var name = environment.Docker.Name("unreadable");
        await environment.Docker.StartContainerAsync(name, []);
        var dockerGroup = (await Shell.CheckedAsync("getent", "group", "docker")).Split(':')[2];

        await RunAsNobodyAsync(["--groups", dockerGroup], async (http, log) =>
        {
            var info = await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_container_info" && s["container"] == name, TimeSpan.FromSeconds(30), $"info of {name}");
            var samples = await MetricsEndpoint.ScrapeAsync(http);
            Assert.Equal("", info["netns"]);
            Assert.Equal(1, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
            Assert.DoesNotContain(samples, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name);
            Assert.Contains(samples, s => s.Name == "dockernet_bridge_receive_bytes_total" && s["bridge"] == "docker0");
            Assert.Contains(samples, s => s.Name == "dockernet_container_ip_info" && s["container"] == name);
            Assert.True(Assert.Single(samples, s => s.Name == "dockernet_read_errors_total" && s["stage"] == "discovery").Value > 0);
            // Once for the containers Docker names, once for the processes the kernel scan finds; both name what is missing.
            Assert.Single(log, line => Regex.IsMatch(line, @"Permission denied reading /proc/\d+/ns/net \(the exporter lacks CAP_SYS_PTRACE\)"));
            Assert.Single(log, line => Regex.IsMatch(line, @"Permission denied reading the network namespace of \d+ processes, /proc/\d+/ns/net the first \(the exporter lacks CAP_SYS_PTRACE\)"));
        });
    }

    [Fact]
    public async Task Without_access_to_the_Docker_socket_it_serves_and_says_docker_is_down()
    {
        await RunAsNobodyAsync(["--clear-groups"], async (http, log) =>
        {
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 0, TimeSpan.FromSeconds(30), "docker_up 0");
            await Eventually.WaitForAsync(
                async () => { await Task.CompletedTask; return log.Any(line => line.Contains("unreachable (Permission denied)", StringComparison.Ordinal)) ? "said" : null; },
                TimeSpan.FromSeconds(15),
                "the log saying the socket is denied");
            await Task.Delay(TimeSpan.FromSeconds(3)); // retries go on meanwhile
            Assert.Single(log, line => line.Contains("unreachable", StringComparison.Ordinal));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        });
    }

    /// <summary>Runs the exporter as nobody (uid 65534) with every capability dropped, and <paramref name="check"/> against it.</summary>
    private static async Task RunAsNobodyAsync(string[] groups, Func<HttpClient, ConcurrentQueue<string>, Task> check)
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var log = new ConcurrentQueue<string>();
        using var process = ExporterProcess.StartExecutable(
            log, "setpriv", ["--reuid=65534", "--regid=65534", .. groups, "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
                ExporterProcess.AppHost, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await check(http, log);
            Assert.False(process.HasExited, "the exporter exited: " + string.Join('\n', log));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}
