using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Idle connections from anyone who can reach the port, more than the exporter's limit on open
/// files, against the executable run under that limit. Before the connection limit, 2,100 of them
/// at nofile 2048 took every descriptor: accept4 spun on EMFILE, scrapes timed out, and the
/// process aborted ("Out of memory.", exit 134). And with the limit, SIGTERM first waited 27 s for
/// the idle connections held to close.
/// </summary>
public sealed class ConnectionFloodTests(ITestOutputHelper output)
{
    private const int OpenFileLimit = 2048;

    /// <summary>More than the process may open at all.</summary>
    private const int AttackConnections = 2100;

    /// <summary>Times the attacker reopens, all at once, the connections the exporter closed (about 1,850 each), while the test scrapes.</summary>
    private const int ReopenRounds = 3;

    /// <summary>The default of --web.max-connections: 2048 less the reserve of 512, halved, is more.</summary>
    private const int MaxConnections = 256;

    /// <summary>A scrape under attack takes milliseconds; Prometheus's own default timeout is 10 s.</summary>
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the attacker holds its connections while the exporter's CPU time is measured.</summary>
    private static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Resident memory at most: the exporter at rest is about 100 MiB resident, an idle connection
    /// costs it about 8 KiB; the bound leaves room for the garbage collector's heaps to grow.
    /// </summary>
    private const double MaxResidentBytes = 300.0 * 1024 * 1024;

    /// <summary>CPU time at most while the connections are held; accept4 spinning on EMFILE took 40 to 80 % of a core.</summary>
    private const double MaxHoldCpuSeconds = 1.0;

    /// <summary>SIGTERM to exit while the connections are held: "a few seconds".</summary>
    private static readonly TimeSpan MaxShutdown = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Idle_connections_past_the_open_file_limit_are_closed_and_counted_a_scrape_still_gets_through_and_SIGTERM_ends_it()
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var log = new ConcurrentQueue<string>();
        using var process = ExporterProcess.StartExecutable(
            log, "prlimit", [$"--nofile={OpenFileLimit}:{OpenFileLimit}", "--",
                ExporterProcess.AppHost, $"--web.listen-address=127.0.0.1:{port}", "--docker.host=unix:///nonexistent/docker.sock"]);
        using var attacker = new IdleConnections(port, IPAddress.Parse("127.0.0.2"));
        try
        {
            // A new connection for every scrape, as Prometheus opens one once its kept-alive one is closed.
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = ScrapeTimeout,
            };
            await Eventually.WaitForAsync(() => ExporterProcess.HealthyAsync(http), TimeSpan.FromSeconds(30), "the exporter serving /healthz");
            var atRest = await MetricsEndpoint.ScrapeAsync(http);

            await attacker.FillAsync(AttackConnections);
            var attack = Task.Run(async () =>
            {
                for (var round = 0; round < ReopenRounds; round++)
                {
                    attacker.DropClosed();
                    await attacker.FillAsync(AttackConnections);
                }
            });
            var slowest = TimeSpan.Zero;
            var scrapes = 0;
            do
            {
                var scrape = Stopwatch.StartNew();
                await MetricsEndpoint.ScrapeAsync(http); // throws past ScrapeTimeout
                slowest = scrape.Elapsed > slowest ? scrape.Elapsed : slowest;
                scrapes++;
                await Task.Delay(100);
            }
            while (!attack.IsCompleted);
            await attack;

            var held = await MetricsEndpoint.ScrapeAsync(http);
            await Task.Delay(HoldTime);
            var after = await MetricsEndpoint.ScrapeAsync(http);

            var holdCpu = Value(after, "process_cpu_seconds_total") - Value(held, "process_cpu_seconds_total");
            output.WriteLine(
                $"{attacker.Opened} connections opened, {attacker.Failed} failed; {scrapes} scrapes under attack, slowest {slowest.TotalMilliseconds:F0} ms; " +
                $"open fds {Value(atRest, "process_open_fds")} at rest, {Value(after, "process_open_fds")} under attack; " +
                $"connections open {Value(after, "dockernet_http_connections_open")}, idle closed {Value(after, "dockernet_http_connections_idle_closed_total")}, " +
                $"refused {Value(after, "dockernet_http_connections_refused_total")}; resident {Value(after, "process_resident_memory_bytes") / 1048576:F0} MiB; " +
                $"CPU {holdCpu:F2} s in {HoldTime.TotalSeconds:F0} s held");

            Assert.False(process.HasExited, string.Join('\n', log));
            Assert.Equal(0, attacker.Failed);
            Assert.Equal(MaxConnections, Value(after, "dockernet_http_connections_max"));
            Assert.InRange(Value(after, "dockernet_http_connections_open"), 1, MaxConnections);
            // Every connection past the limit closed one idle: all the attacker's but those still held.
            Assert.InRange(Value(after, "dockernet_http_connections_idle_closed_total"), attacker.Opened - MaxConnections, double.MaxValue);
            Assert.InRange(Value(after, "process_open_fds"), 0, Value(atRest, "process_open_fds") + MaxConnections + 32);
            Assert.InRange(Value(after, "process_resident_memory_bytes"), 0, MaxResidentBytes);
            Assert.InRange(holdCpu, 0, MaxHoldCpuSeconds);
            Assert.Single(log, line => line.Contains("connections are open, the most allowed", StringComparison.Ordinal));

            // Kestrel waits up to 30 s for connections to close at shutdown; the attacker's are idle,
            // and still held.
            var terminating = Stopwatch.StartNew();
            Assert.Equal(0, await ExporterProcess.TerminateAsync(process));
            output.WriteLine($"SIGTERM to exit: {terminating.ElapsedMilliseconds} ms");
            Assert.InRange(terminating.Elapsed, TimeSpan.Zero, MaxShutdown);
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
        }
    }

    private static double Value(IReadOnlyList<Sample> samples, string name) => Assert.Single(samples, s => s.Name == name).Value;
}
