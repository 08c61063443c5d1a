using System.Diagnostics;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// deploy/systemd as shipped, under a real systemd: a Debian bookworm booted by systemd-nspawn (its
/// tree made once by debootstrap and cached, see <see cref="BookwormRoot"/>), the exporter published
/// with native AOT by the README's command and installed by the README's own lines, run in the guest.
/// The guest is a Docker host's stand-in: the host's Docker socket is bound in, with a docker group
/// of its gid, and the host's procfs at /run/hostproc, since nspawn gives the guest a PID namespace
/// of its own and Docker's pids are the host's (DOCKERNET_PATH_PROCFS). It shares the host's network
/// namespace, so the exporter listens on the host's loopback.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class SystemdBootTests(DockerEnvironment environment, ITestOutputHelper output)
{
    private const string Heading = "## Install as a service (systemd)";
    private const string Source = "/run/dockernet-src";
    private const string Service = "docker-net-exporter.service";
    private const string Socket = "docker-net-exporter.socket";

    /// <summary>Restart=on-failure after RestartSec=5s, then the start: generous on a loaded 2-core host.</summary>
    private static readonly TimeSpan RestartLimit = TimeSpan.FromSeconds(30);

    /// <summary>The exporter's own shutdown takes 5 s at most (HostOptions.ShutdownTimeout); systemd's limit is 90 s.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SeriesLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_unit_as_shipped_goes_active_serves_restarts_after_kill_9_and_stops_cleanly()
    {
        await WithInstalledAsync(async (machine, http, containers) =>
        {
            // enable --now returns once a Type=notify service has sent READY=1.
            Assert.Equal("notify", await PropertyAsync(machine, Service, "Type"));
            Assert.Equal("active", await PropertyAsync(machine, Service, "ActiveState"));
            Assert.Equal("ok", await ExporterProcess.HealthyAsync(http));
            await ServedAsync(http, containers);

            var killed = await PropertyAsync(machine, Service, "MainPID");
            var restarting = Stopwatch.StartNew();
            await machine.CheckedAsync("sh", "-c", $"kill -9 {killed}");
            await Eventually.WaitForAsync(
                async () => await PropertyAsync(machine, Service, "ActiveState") == "active" && await PropertyAsync(machine, Service, "MainPID") is var pid
                    && pid != killed && pid != "0" ? pid : null,
                RestartLimit,
                $"systemd restarting the exporter after kill -9 of {killed}");
            Assert.Equal("1", await PropertyAsync(machine, Service, "NRestarts"));
            await ServedAsync(http, containers);
            output.WriteLine($"kill -9 to both containers' series served again: {restarting.Elapsed.TotalSeconds:F1}s");

            var stopping = Stopwatch.StartNew();
            await machine.CheckedAsync("systemctl", "stop", Service);
            Assert.True(stopping.Elapsed < StopLimit, $"systemctl stop took {stopping.Elapsed.TotalSeconds:F1}s");
            output.WriteLine($"systemctl stop: {stopping.Elapsed.TotalSeconds:F2}s");
            Assert.Equal("inactive", await PropertyAsync(machine, Service, "ActiveState"));
            Assert.Equal("success", await PropertyAsync(machine, Service, "Result"));
            Assert.Equal("0", await PropertyAsync(machine, Service, "ExecMainStatus"));
            Assert.DoesNotContain("Unhandled exception", await JournalAsync(machine), StringComparison.Ordinal);
            Assert.Null(await ExporterProcess.HealthyAsync(http));
        });
    }

    [Fact]
    public async Task Socket_activated_through_the_socket_unit_the_first_scrape_starts_the_exporter_and_is_answered()
    {
        await WithInstalledAsync(async (machine, http, containers) =>
        {
            var lines = ReadmeCommands.Blocks(Heading)[1];
            Assert.Contains($"enable --now {Socket}", lines[^1], StringComparison.Ordinal);
            foreach (var line in lines.SkipLast(1))
            {
                await machine.ShellAsync(Source, ReadmeCommands.AsRoot(line));
            }

            // The README's way to another address than :10077: ListenStream= emptied, then the test's own.
            await machine.ShellAsync("/", $"mkdir -p /etc/systemd/system/{Socket}.d && printf '[Socket]\\nListenStream=\\nListenStream={http.BaseAddress!.Authority}\\n' > /etc/systemd/system/{Socket}.d/listen.conf");
            await machine.ShellAsync(Source, ReadmeCommands.AsRoot(lines[^1]));
            Assert.Equal("active", await PropertyAsync(machine, Socket, "ActiveState"));
            Assert.Equal("inactive", await PropertyAsync(machine, Service, "ActiveState"));

            using var first = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("active", await PropertyAsync(machine, Service, "ActiveState"));
            Assert.Contains($"Serving /metrics on http://{http.BaseAddress.Authority}", await JournalAsync(machine), StringComparison.Ordinal);
            await ServedAsync(http, containers);
        });
    }

    /// <summary>
    /// Starts a 0755-root and a 0700-root container, boots the guest, installs and starts the
    /// exporter by the README's lines (its publish line run on the host), on a loopback port of the
    /// test's, and runs <paramref name="check"/>; the unit's journal is added to a failure's message.
    /// </summary>
    private async Task WithInstalledAsync(Func<NspawnMachine, HttpClient, RootModeContainers, Task> check)
    {
        var root = await BookwormRoot.OnceAsync();
        var published = await AotPublish.OnceAsync(environment);
        await using var containers = await RootModeContainers.StartAsync(environment.Docker);
        var dockerSocket = DockerEnvironment.DockerHost.AbsolutePath;
        await using var machine = await NspawnMachine.BootAsync(
            root,
            environment.Docker.Name("systemd"),
            [$"--bind={dockerSocket}:/var/run/docker.sock", "--bind-ro=/proc:/run/hostproc", $"--bind-ro={published.Path}:/opt/docker-net-exporter", $"--bind-ro={RepositoryFiles.Root}:{Source}"]);
        await machine.CheckedAsync("groupadd", "--system", "--gid", await Shell.CheckedAsync("stat", "-c", "%g", dockerSocket), "docker");

        var port = ExporterProcess.FreeLoopbackPort();
        var lines = ReadmeCommands.Blocks(Heading)[0].Where(l => !l.Contains("apt-get", StringComparison.Ordinal) && !l.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        Assert.Contains("enable --now docker-net-exporter", lines[^1], StringComparison.Ordinal);
        foreach (var line in lines.SkipLast(1))
        {
            await machine.ShellAsync(Source, ReadmeCommands.AsRoot(line));
        }

        await machine.ShellAsync("/", $"printf 'DOCKERNET_PATH_PROCFS=/run/hostproc\\nDOCKERNET_WEB_LISTEN_ADDRESS=127.0.0.1:{port}\\n' >> /etc/default/docker-net-exporter");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await machine.ShellAsync(Source, ReadmeCommands.AsRoot(lines[^1]));
            await check(machine, http, containers);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- the unit's journal ---\n{await JournalAsync(machine)}", e);
        }
    }

    /// <summary>Both containers' interface series, each on the veth the kernel names for its eth0.</summary>
    private async Task ServedAsync(HttpClient http, RootModeContainers containers)
    {
        foreach (var name in containers.Names)
        {
            var series = await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name, SeriesLimit, $"{name}'s series from the unit");
            Assert.Equal(await environment.Docker.HostVethOfAsync(name, "eth0"), series["veth"]);
        }
    }

    private static async Task<string> PropertyAsync(NspawnMachine machine, string unit, string property) =>
        await machine.CheckedAsync("systemctl", "show", "--property", property, "--value", unit);

    private static async Task<string> JournalAsync(NspawnMachine machine) =>
        (await machine.RunAsync(TimeSpan.FromSeconds(30), "journalctl", "--unit", Service, "--output", "cat", "--no-pager")).Stdout;
}
