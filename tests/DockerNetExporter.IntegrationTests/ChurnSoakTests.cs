using System.Collections.Concurrent;
using System.Diagnostics;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Hundreds of containers come and go while a client scrapes every 250 ms: no scrape fails or is slow,
/// nothing is logged as an error, and afterwards the exporter shows exactly what runs, with its file
/// descriptors and managed heap back near where they started.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class ChurnSoakTests(DockerEnvironment environment, ITestOutputHelper output)
{
    private const int Lifetimes = 300;
    private const int MostAtOnce = 50;
    private const int DockerCallsAtOnce = 4;

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task Three_hundred_container_lifetimes_under_scrapes_leave_nothing_behind()
    {
        var first = Docker.Name("churn-a");
        var second = Docker.Name("churn-b");
        await Docker.CreateNetworkAsync(first);
        await Docker.CreateNetworkAsync(second);
        var port = ExporterProcess.FreeLoopbackPort();
        var log = new ConcurrentQueue<string>();
        using var process = ExporterProcess.Start(log, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 1, TimeSpan.FromSeconds(30), "the exporter up");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var start = await MetricsEndpoint.ScrapeAsync(http);

            using var stopScraping = new CancellationTokenSource();
            var scraping = ScrapeEvery250MsAsync(http, stopScraping.Token);
            var churn = Stopwatch.StartNew();
            await ChurnAsync(first, second);
            output.WriteLine($"{Lifetimes} container lifetimes in {churn.Elapsed.TotalSeconds:F0}s");
            await stopScraping.CancelAsync();
            var (scrapes, failures, slowest) = await scraping;
            output.WriteLine($"{scrapes} scrapes, slowest {slowest.TotalMilliseconds:F0} ms");

            Assert.Empty(failures);
            Assert.True(scrapes > 20, $"only {scrapes} scrapes");
            Assert.True(slowest < TimeSpan.FromSeconds(1), $"a scrape took {slowest.TotalMilliseconds:F0} ms");

            // Afterwards: exactly the containers that run, every veth a real interface, nothing twice.
            var running = (await Docker.RunAsync("ps", "--format", "{{.Names}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var end = await Eventually.WaitForAsync(
                async () => await MetricsEndpoint.ScrapeAsync(http) is var s && s.Where(x => x.Name == "dockernet_container_info").Select(x => x["container"]).ToHashSet().SetEquals(running) ? s : null,
                TimeSpan.FromSeconds(30),
                "series for exactly the running containers");
            Assert.DoesNotContain(end, s => s["container"].StartsWith(Docker.Name("churn-"), StringComparison.Ordinal));
            Assert.All(end.Where(s => s.Labels.ContainsKey("veth")), s => Assert.True(HostKernel.Exists(s["veth"]), $"stale veth {s["veth"]}"));
            var series = end.Select(s => s.Name + string.Join(',', s.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))).ToList();
            Assert.Equal(series.Count, series.Distinct().Count());

            Assert.InRange(Value(end, "process_open_fds"), 0, Value(start, "process_open_fds") + 20);
            Assert.InRange(Value(end, "dotnet_total_memory_bytes"), 0, Value(start, "dotnet_total_memory_bytes") + (32 << 20));
            Assert.DoesNotContain(log, line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal)
                || line.Contains("Exception", StringComparison.Ordinal));

            // Events flowed all along: no resync may have taken the stream for dead.
            Assert.DoesNotContain(log, line => line.Contains("missed a change", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts containers until <see cref="Lifetimes"/> have lived, never more than <see cref="MostAtOnce"/> at once, every fourth on two networks.</summary>
    private async Task ChurnAsync(string first, string second)
    {
        var alive = new ConcurrentQueue<string>();
        using var calls = new SemaphoreSlim(DockerCallsAtOnce);
        var work = new List<Task>();
        for (var i = 0; i < Lifetimes; i++)
        {
            var name = Docker.Name($"churn-{i}");
            var twoNetworks = i % 4 == 0;
            await calls.WaitAsync();
            work.Add(Task.Run(async () =>
            {
                try
                {
                    await Docker.StartContainerAsync(name, ["--network", first]);
                    if (twoNetworks)
                    {
                        await Docker.RunAsync("network", "connect", second, name);
                    }

                    alive.Enqueue(name);
                    if (alive.Count >= MostAtOnce / 2 && alive.TryDequeue(out var oldest))
                    {
                        await Docker.RunAsync("rm", "-f", oldest);
                    }
                }
                finally
                {
                    calls.Release();
                }
            }));
        }

        await Task.WhenAll(work);
        await Task.WhenAll(alive.Select(name => Docker.RunAsync("rm", "-f", name)));
    }

    private static async Task<(int Scrapes, List<string> Failures, TimeSpan Slowest)> ScrapeEvery250MsAsync(HttpClient http, CancellationToken stop)
    {
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        var scrapes = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await WaitAsync(timer, stop))
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), CancellationToken.None);
                await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"status {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.Message);
            }

            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            scrapes++;
        }

        return (scrapes, failures, slowest);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static double Value(IReadOnlyList<Sample> samples, string metric) => Assert.Single(samples, s => s.Name == metric).Value;
}
