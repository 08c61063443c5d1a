using System.Diagnostics;
using System.Globalization;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Drops inside a container's own network namespace (--collector.protocols), made by a bounded burst
/// between containers of the test's own network at a socket that never takes what it is sent
/// (<see cref="SocketStall"/>), against the namespace's own counters read by the test from
/// /proc/PID/net. Each burst's measured increment then fires its alert in promtool.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class ProtocolCounterTests(DockerEnvironment environment, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly KernelCounter ListenOverflows = new("dockernet_container_tcp_listen_overflows_total", null, "netstat", "TcpExt", "ListenOverflows");
    private static readonly KernelCounter ListenDrops = new("dockernet_container_tcp_listen_drops_total", null, "netstat", "TcpExt", "ListenDrops");
    private static readonly KernelCounter UdpReceiveBufferErrors = new("dockernet_container_udp_receive_buffer_errors_total", "ipv4", "snmp", "Udp", "RcvbufErrors");
    private static readonly KernelCounter UdpDatagramsReceived = new("dockernet_container_udp_datagrams_received_total", "ipv4", "snmp", "Udp", "InDatagrams");

    private readonly int port = ExporterProcess.FreeLoopbackPort();
    private Process exporter = null!;
    private HttpClient http = null!;

    private DockerCli Docker => environment.Docker;

    /// <summary>The exporter's address, as Prometheus labels what it scrapes.</summary>
    private string Instance => $"127.0.0.1:{port}";

    public Task InitializeAsync()
    {
        // The collector is asked for explicitly, whatever its default.
        exporter = ExporterProcess.Start(new(), $"--web.listen-address={Instance}", $"--docker.host={DockerEnvironment.DockerHost}", "--collector.protocols");
        http = new HttpClient { BaseAddress = new Uri($"http://{Instance}"), Timeout = TimeSpan.FromSeconds(10) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ExporterProcess.KillIfRunningAsync(exporter);

    public void Dispose()
    {
        http.Dispose();
        exporter.Dispose();
    }

    /// <summary>
    /// A listener with backlog 1 that never accepts, and 20 connection attempts 20 ms apart: once two
    /// connections fill its accept queue, each later SYN, and its retransmission, is dropped.
    /// </summary>
    [Fact]
    public async Task Accept_queue_overflows_are_the_listener_namespace_own_counts_once_and_fire_their_alert()
    {
        var burst = await BurstAsync("backlog", [ListenOverflows, ListenDrops], ["listen", "8080"], ip => ["connect", ip, "8080", "20"]);

        // Pending from the first minute, firing 30 minutes later; the value is a rate (a second).
        var perSecond = (burst.Increment(burst.Server, ListenOverflows) / 60.0).ToString("F2", CultureInfo.InvariantCulture);
        await AssertAlertFiresAsync(burst, [ListenOverflows], "DockerNetContainerListenOverflows", silentAt: TimeSpan.FromMinutes(25),
            "A container's listening socket keeps overflowing its accept queue.",
            $"{burst.Server} on {Instance} dropped {perSecond} connections a second over 15m, for 30m and more, "
                + "because a listening socket's accept queue was full: the server accepts too slowly "
                + "for its load, or its listen backlog (and net.core.somaxconn in its namespace) is too small.");
    }

    /// <summary>A UDP socket with the smallest receive buffer that never reads, and 100 datagrams of 64 bytes.</summary>
    [Fact]
    public async Task Udp_receive_buffer_errors_are_the_receiver_namespace_own_counts_once_and_fire_their_alert()
    {
        var burst = await BurstAsync("rcvbuf", [UdpReceiveBufferErrors], ["udp", "9000"], ip => ["send", ip, "9000", "100"], UdpDatagramsReceived);

        // Pending from the first minute, firing 30 minutes later; the value is the share of the
        // datagrams for the socket (delivered or dropped) that its full buffer dropped.
        var dropped = burst.Increment(burst.Server, UdpReceiveBufferErrors);
        var share = (100.0 * dropped / (dropped + burst.Increment(burst.Server, UdpDatagramsReceived))).ToString("G4", CultureInfo.InvariantCulture);
        await AssertAlertFiresAsync(burst, [UdpReceiveBufferErrors, UdpDatagramsReceived], "DockerNetContainerUdpBufferErrors", silentAt: TimeSpan.FromMinutes(25),
            "A container's UDP sockets are dropping datagrams on full receive buffers.",
            $"{burst.Server} on {Instance} dropped {share}% of its ipv4 UDP datagrams over 15m, for 30m and more, "
                + "because a socket's receive buffer was full: the reader (a DNS, syslog or metrics server) falls behind, "
                + "or its SO_RCVBUF is too small.");
    }

    /// <summary>
    /// On a network of its own: the server (SocketStall's <paramref name="serve"/>), a container that
    /// joins its namespace (--network container:), and the client, which sends the burst at the
    /// server's address. Before and after the burst, each one's counters are read from its own
    /// /proc/PID/net around a scrape (<see cref="ProcNetCounters.ScrapeBetweenEqualReadsAsync"/>).
    /// The namespace's values are served once, under the server, and equal the kernel's; they rose;
    /// the joined container has no series of its own; the client's counters did not move.
    /// <paramref name="alsoRead"/> are read and checked as well, but need not rise (a socket that is
    /// never read counts no datagram received).
    /// </summary>
    private async Task<Burst> BurstAsync(string role, KernelCounter[] rising, string[] serve, Func<string, string[]> burstAt, params KernelCounter[] alsoRead)
    {
        KernelCounter[] counters = [.. rising, .. alsoRead];
        var network = Docker.Name($"{role}-net");
        await Docker.CreateNetworkAsync(network);
        var mount = await SocketStall.MountAsync();
        var server = Docker.Name($"{role}-server");
        var joined = Docker.Name($"{role}-joined");
        var client = Docker.Name($"{role}-client");
        await Docker.StartContainerAsync(server, ["--network", network, .. mount], [SocketStall.Path, .. serve]);
        await Docker.StartContainerAsync(joined, ["--network", $"container:{server}"]);
        await Docker.StartContainerAsync(client, ["--network", network, .. mount]);
        await SocketStall.WaitReadyAsync(Docker, server);
        foreach (var served in (string[])[server, client])
        {
            await MetricsEndpoint.WaitForAsync(http, s => counters[0].Of(s, served), TimeSpan.FromSeconds(30), $"{counters[0].Metric} of {served}");
        }

        await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_container_info" && s["container"] == joined, TimeSpan.FromSeconds(30), $"info of {joined}");

        // Each container's counters, read through its own process; the joined one's are served as the server's.
        var readings = new List<(string Container, string ServedAs, int Pid, KernelCounter Counter)>();
        foreach (var (container, servedAs) in (IEnumerable<(string, string)>)[(server, server), (joined, server), (client, client)])
        {
            var pid = int.Parse(await Docker.InspectAsync(container, "{{.State.Pid}}"), CultureInfo.InvariantCulture);
            readings.AddRange(counters.Select(c => (container, servedAs, pid, c)));
        }

        ulong[] ReadKernel() => [.. readings.Select(r => ProcNetCounters.Read(r.Pid, r.Counter.File, r.Counter.Section, r.Counter.Field))];
        var (samplesBefore, kernelBefore) = await ProcNetCounters.ScrapeBetweenEqualReadsAsync(http, ReadKernel);
        var serverIp = await Docker.InspectAsync(server, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        await Docker.ExecAsync(client, [SocketStall.Path, .. burstAt(serverIp)]);
        var (samplesAfter, kernelAfter) = await ProcNetCounters.ScrapeBetweenEqualReadsAsync(http, ReadKernel);

        var before = new Dictionary<(string, KernelCounter), ulong>();
        var after = new Dictionary<(string, KernelCounter), ulong>();
        for (var i = 0; i < readings.Count; i++)
        {
            var (container, servedAs, _, counter) = readings[i];
            Assert.Equal(kernelBefore[i], Assert.Single(samplesBefore, s => counter.Of(s, servedAs)).Value);
            Assert.Equal(kernelAfter[i], Assert.Single(samplesAfter, s => counter.Of(s, servedAs)).Value);
            before[(container, counter)] = kernelBefore[i];
            after[(container, counter)] = kernelAfter[i];
            output.WriteLine($"{counter.Section} {counter.Field} of {container}: {kernelBefore[i]} before the burst, {kernelAfter[i]} after");
        }

        var burst = new Burst(server, client, before, after);
        foreach (var counter in counters)
        {
            Assert.True(burst.Increment(server, counter) > 0 || alsoRead.Contains(counter), $"{counter.Field} of {server} did not rise: {before[(server, counter)]}");
            Assert.Equal(after[(server, counter)], after[(joined, counter)]); // one namespace
            Assert.Equal(0UL, burst.Increment(client, counter));
        }

        Assert.DoesNotContain(samplesAfter, s => s["container"] == joined && s.Name is not "dockernet_container_info");
        return burst;
    }

    /// <summary>
    /// promtool, given the server's and the client's series of <paramref name="counters"/> (the
    /// first one the alert's) rising by their measured increments each minute: the alert is silent
    /// at <paramref name="silentAt"/> and fires for the server alone, with its runbook's address.
    /// </summary>
    private async Task AssertAlertFiresAsync(Burst burst, KernelCounter[] counters, string alert, TimeSpan silentAt, string summary, string description) =>
        await new PromtoolAlertTest(
            alert,
            silentAt,
            [.. counters.SelectMany(counter => ((string[])[burst.Server, burst.Client]).Select(c => (Series(counter, c), burst.Increment(c, counter))))])
            .AssertFiresAsync((Labels(counters[0], burst.Server), new Dictionary<string, string>
            {
                ["summary"] = summary,
                ["description"] = description,
                ["runbook_url"] = $"https://github.com/docker-net-exporter/docker-net-exporter/blob/main/docs/runbook.md#{alert.ToLowerInvariant()}",
            }));

    private string Series(KernelCounter counter, string container) =>
        counter.Metric + "{" + string.Join(',', Labels(counter, container).Where(l => l.Key != "severity").Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    /// <summary>The labels of the series, and so of the alert, with the alert's severity.</summary>
    private Dictionary<string, string> Labels(KernelCounter counter, string container)
    {
        var labels = new Dictionary<string, string> { ["severity"] = "warning", ["job"] = "dockernet", ["instance"] = Instance, ["container"] = container };
        if (counter.Family is { } family)
        {
            labels["family"] = family;
        }

        return labels;
    }

    /// <summary>A counter of /proc/PID/net/FILE and its metric, with its family label, if any.</summary>
    private sealed record KernelCounter(string Metric, string? Family, string File, string Section, string Field)
    {
        public bool Of(Sample sample, string container) =>
            sample.Name == Metric && sample["container"] == container && sample["family"] == (Family ?? "");
    }

    /// <summary>The kernel's values of each container's counters before and after the burst.</summary>
    private sealed record Burst(
        string Server, string Client, IReadOnlyDictionary<(string, KernelCounter), ulong> Before, IReadOnlyDictionary<(string, KernelCounter), ulong> After)
    {
        public ulong Increment(string container, KernelCounter counter) => After[(container, counter)] - Before[(container, counter)];
    }
}
