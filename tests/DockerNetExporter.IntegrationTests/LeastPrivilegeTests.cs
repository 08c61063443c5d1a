using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The exporter run with exactly what the systemd unit grants (its user, groups and capabilities,
/// read from the unit file), and with less: as nobody, with no capability, it says what it lacks in
/// one line and serves what it still can, never a crash loop. The README's Security table, checked.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class LeastPrivilegeTests(DockerEnvironment environment)
{
    /// <summary>
    /// A container's sysfs is read through its root directory, /proc/PID/root/sys/class/net. An image
    /// whose / is 0700 (root's) lets no other user through it; the unit's CAP_DAC_READ_SEARCH does.
    /// </summary>
    [Fact]
    public async Task With_the_units_user_groups_and_capabilities_containers_whose_root_is_0755_or_0700_are_both_served()
    {
        await WithContainersOfBothRootModesAsync(SystemdUnitFile.Shipped, [], async (http, log, containers) =>
        {
            foreach (var name in containers.Names)
            {
                var series = await MetricsEndpoint.WaitForAsync(
                    http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name, TimeSpan.FromSeconds(30), $"{name}'s series");
                Assert.Equal(await environment.Docker.HostVethOfAsync(name, "eth0"), series["veth"]);
            }

            // CAP_SYS_ADMIN the unit does not grant: namespaces without a process (Swarm's sandboxes, other tests') may be warned about.
            Assert.DoesNotContain(log, line => line.Contains("the exporter lacks CAP_SYS_PTRACE", StringComparison.Ordinal)
                || line.Contains("the exporter lacks CAP_DAC_READ_SEARCH", StringComparison.Ordinal) || line.Contains("Permission denied listing", StringComparison.Ordinal));
        });
    }

    /// <summary>The same less CAP_DAC_READ_SEARCH: the 0700 one is left unmapped, and the warning names the path and the capability.</summary>
    [Fact]
    public async Task Without_CAP_DAC_READ_SEARCH_a_container_whose_root_is_0700_is_unmapped_and_the_warning_names_path_and_capability()
    {
        await WithContainersOfBothRootModesAsync(SystemdUnitFile.Shipped, ["CAP_DAC_READ_SEARCH"], async (http, log, containers) =>
        {
            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == containers.Open, TimeSpan.FromSeconds(30), $"{containers.Open}'s series");
            var info = await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_container_info" && s["container"] == containers.Closed, TimeSpan.FromSeconds(30), $"info of {containers.Closed}");

            Assert.NotEqual("", info["netns"]);
            Assert.DoesNotContain(await MetricsEndpoint.ScrapeAsync(http), s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == containers.Closed);

            // Said once, for the first such container read: this one, or another on the shared host whose root is as closed.
            await Eventually.WaitForAsync(
                async () => { await Task.CompletedTask; return log.FirstOrDefault(line => line.Contains("Permission denied listing", StringComparison.Ordinal)); },
                TimeSpan.FromSeconds(10),
                "the warning about the 0700 root");
            var warning = Regex.Match(
                Assert.Single(log, line => line.Contains("Permission denied listing", StringComparison.Ordinal)),
                @"Permission denied listing /proc/(\d+)/root/sys/class/net \(the exporter lacks CAP_DAC_READ_SEARCH\)");
            Assert.True(warning.Success, string.Join('\n', log));
            Assert.Equal("700", await Shell.CheckedAsync("stat", "-c", "%a", $"/proc/{warning.Groups[1].Value}/root/"));
        });
    }

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

    /// <summary>
    /// Starts a container whose image root is 0755 and one whose root is 0700 (<see cref="RootModeContainers"/>),
    /// then runs the exporter under setpriv with the unit's User=, Group=, SupplementaryGroups=,
    /// AmbientCapabilities= and CapabilityBoundingSet= (less <paramref name="withheld"/>) and
    /// NoNewPrivileges=, and <paramref name="check"/> against it.
    /// </summary>
    private async Task WithContainersOfBothRootModesAsync(
        SystemdUnitFile unit, string[] withheld, Func<HttpClient, ConcurrentQueue<string>, RootModeContainers, Task> check)
    {
        await using var user = await ServiceUser.EnsureAsync(unit.Value("User")!);
        await using var containers = await RootModeContainers.StartAsync(environment.Docker);
        string[] Capabilities(string key) => [.. unit.Words(key).Except(withheld).Select(c => "+" + c["CAP_".Length..].ToLowerInvariant())];
        string[] credentials =
        [
            $"--reuid={user.Name}", $"--regid={unit.Value("Group")}", $"--groups={string.Join(',', unit.Words("SupplementaryGroups"))}",
            $"--inh-caps={string.Join(',', ["-all", .. Capabilities("AmbientCapabilities")])}",
            $"--ambient-caps={string.Join(',', ["-all", .. Capabilities("AmbientCapabilities")])}",
            $"--bounding-set={string.Join(',', ["-all", .. Capabilities("CapabilityBoundingSet")])}",
            .. unit.Value("NoNewPrivileges") == "true" ? ["--no-new-privs"] : Array.Empty<string>(),
        ];
        await RunUnderSetprivAsync(credentials, (http, log) => check(http, log, containers));
    }

    /// <summary>Runs the exporter as nobody (uid 65534) with every capability dropped, and <paramref name="check"/> against it.</summary>
    private static Task RunAsNobodyAsync(string[] groups, Func<HttpClient, ConcurrentQueue<string>, Task> check) =>
        RunUnderSetprivAsync(["--reuid=65534", "--regid=65534", .. groups, "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"], check);

    /// <summary>Runs the exporter under setpriv with <paramref name="credentials"/>, and <paramref name="check"/> against it.</summary>
    private static async Task RunUnderSetprivAsync(string[] credentials, Func<HttpClient, ConcurrentQueue<string>, Task> check)
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var log = new ConcurrentQueue<string>();
        using var process = ExporterProcess.StartExecutable(
            log, "setpriv", [.. credentials, "--", ExporterProcess.AppHost, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}"]);
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
