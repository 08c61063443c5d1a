using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// A namespace's owner may mount what it likes over its own sysfs, which the exporter reads through
/// /proc/PID/root. A FIFO bound over an attribute blocked the exporter's open for ever: discovery
/// stopped for the whole host. These run the attacks against the exporter as a user runs it, beside
/// containers that must go on being mapped, and end it with SIGTERM.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class HostileNamespaceTests(DockerEnvironment environment) : IAsyncLifetime, IDisposable
{
    /// <summary>A stuck exporter used to take 30 s; a clean one stops in well under this.</summary>
    private static readonly TimeSpan StopsWithin = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Mapped = TimeSpan.FromSeconds(60);

    private readonly DockerCli docker = environment.Docker;
    private readonly ConcurrentQueue<string> output = new();
    private readonly List<Process> started = [];
    private readonly List<string> containers = [];
    private int? attackerPid;
    private Process? exporter;
    private HttpClient? http;

    public Task InitializeAsync() => Task.CompletedTask;

    public void Dispose() => http?.Dispose();

    public async Task DisposeAsync()
    {
        if (attackerPid is { } pid)
        {
            await Shell.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
        }

        foreach (var process in started.Append(exporter).OfType<Process>().Where(p => !p.HasExited))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        if (containers.Count > 0)
        {
            await docker.RunAsync(["rm", "-f", .. containers]);
        }
    }

    /// <summary>
    /// The issue's reproduction, with no privilege and no Docker access: a user namespace of
    /// nobody's, its own sysfs mounted, a FIFO over lo's ifindex. Before, a fresh exporter mapped
    /// none of the containers. Now the FIFO is refused and counted, the containers are mapped, and
    /// one started after the exporter is found too.
    /// </summary>
    [Fact]
    public async Task A_local_user_s_FIFO_over_its_own_sysfs_neither_blinds_nor_stalls_the_exporter()
    {
        var attacker = Started(new ProcessStartInfo("runuser")
        {
            ArgumentList =
            {
                "-u", "nobody", "--", "unshare", "-Urnm", "sh", "-c",
                "f=$(mktemp -u); mkfifo $f; mount -t sysfs sysfs /sys; mount --bind $f /sys/class/net/lo/ifindex; echo $$; exec sleep 300",
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        attackerPid = int.Parse(await attacker.StandardOutput.ReadLineAsync() ?? "", CultureInfo.InvariantCulture);
        Assert.Equal("fifo", (await Shell.CheckedAsync("stat", "-c", "%F", $"/proc/{attackerPid}/root/sys/class/net/lo/ifindex")).Trim());
        var before = await StartVictimsAsync("before", 3);

        await StartExporterAsync();
        await AllMappedAsync(before);
        var after = await StartVictimsAsync("after", 1);
        await AllMappedAsync(after);

        var samples = MetricsText.Parse(await http!.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.True(Value(samples, "dockernet_kernel_files_refused_total") >= 1, "the FIFO was refused and counted");
        Assert.Equal(0, Value(samples, "dockernet_discovery_stalled"));
        Assert.Contains(output, line => line.Contains("is not the kernel's", StringComparison.Ordinal) && line.Contains("/lo/ifindex", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await StopsWithSigtermAsync();
    }

    /// <summary>
    /// The same from inside a container, against a running exporter: a container with CAP_SYS_ADMIN
    /// (--privileged is refused on this machine; this cap is all the attack needs) binds a FIFO over its own eth0/iflink. Before, discovery stopped for good (new containers never
    /// appeared, removed ones kept their series) and SIGTERM took 30 s. Now the attacker's eth0 is
    /// refused, and everything else goes on.
    /// </summary>
    [Fact]
    public async Task A_CAP_SYS_ADMIN_container_s_FIFO_over_its_own_iflink_neither_blinds_nor_stalls_the_exporter()
    {
        var victims = await StartVictimsAsync("victim", 2);
        await StartExporterAsync();
        await AllMappedAsync(victims);

        var attacker = docker.Name("attacker");
        containers.Add(attacker);
        await docker.StartContainerAsync(
            attacker, ["--cap-add", "SYS_ADMIN"], "sh", "-c", "mkfifo /tmp/f && mount --bind /tmp/f /sys/class/net/eth0/iflink && exec sleep 300");
        await Eventually.WaitForAsync(
            async () => (await ScrapeAsync()).Any(s => s.Name == "dockernet_container_info" && s["container"] == attacker) ? "mapped" : null,
            Mapped,
            "a mapping with the attacker in it finished (its dockernet_container_info)");

        var newcomer = (await StartVictimsAsync("newcomer", 1)).Single();
        await AllMappedAsync([newcomer]);
        await docker.RunAsync("rm", "-f", victims[0]);
        await Eventually.WaitForAsync(
            async () => (await ScrapeAsync()).Any(s => s.Name == "dockernet_container_info" && s["container"] == victims[0]) ? null : "gone",
            Mapped,
            $"{victims[0]}'s series removed once it is");

        var last = await ScrapeAsync();
        Assert.True(Value(last, "dockernet_kernel_files_refused_total") >= 1, "the FIFO was refused and counted");
        Assert.DoesNotContain(last, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == attacker);
        Assert.Contains(last, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == victims[1]);
        Assert.Equal(0, Value(last, "dockernet_discovery_stalled"));
        Assert.Equal(HttpStatusCode.OK, (await http!.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await StopsWithSigtermAsync();
    }

    private static double Value(IReadOnlyList<Sample> samples, string name) => samples.Single(s => s.Name == name).Value;

    private Process Started(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        started.Add(process);
        return process;
    }

    private async Task<string[]> StartVictimsAsync(string role, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => docker.Name($"{role}{i}")).ToArray();
        foreach (var name in names)
        {
            containers.Add(name);
            await docker.StartContainerAsync(name, [], "sleep", "300");
        }

        return names;
    }

    private async Task StartExporterAsync()
    {
        var port = ExporterProcess.FreeLoopbackPort();
        exporter = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}");
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    private async Task<IReadOnlyList<Sample>> ScrapeAsync()
    {
        try
        {
            return MetricsText.Parse(await http!.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return []; // not listening yet
        }
    }

    /// <summary>Each container's eth0 served with its veth.</summary>
    private async Task AllMappedAsync(IReadOnlyCollection<string> containers) =>
        await Eventually.WaitForAsync(
            async () => await ScrapeAsync() is var samples
                && containers.All(c => samples.Any(s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == c && s["interface"] == "eth0" && s["veth"].Length > 0))
                    ? "mapped"
                    : null,
            Mapped,
            $"{string.Join(", ", containers)} mapped to their veths; exporter said:\n{string.Join('\n', output.TakeLast(30))}");

    private async Task StopsWithSigtermAsync()
    {
        var stopping = Stopwatch.StartNew();
        await Shell.CheckedAsync("kill", "-TERM", exporter!.Id.ToString(CultureInfo.InvariantCulture));
        using var deadline = new CancellationTokenSource(StopsWithin);
        await exporter.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, exporter.ExitCode);
        Assert.True(stopping.Elapsed < StopsWithin, $"stopped in {stopping.Elapsed.TotalSeconds:F1}s");
    }
}
