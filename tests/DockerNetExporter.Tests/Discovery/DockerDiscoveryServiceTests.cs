using System.IO.Pipelines;
using System.Net;
using System.Text;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Discovery;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Discovery;

/// <summary>
/// The discovery loop against a fake Docker, with a fake clock: backoff delays only pass when the
/// test advances the clock, so a loop that skips its backoff shows as many syncs in real time.
/// </summary>
public sealed class DockerDiscoveryServiceTests
{
    [Fact]
    public async Task A_stream_that_closes_at_once_is_retried_with_backoff_not_in_a_loop()
    {
        var api = new FakeDockerApi();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        using var service = Service(api, time, pipeline);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => api.ContainerListings >= 1);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // real time; the fake clock stands still
        var beforeAdvancing = api.ContainerListings;
        time.Advance(TimeSpan.FromMinutes(1)); // past any backoff delay
        await WaitUntil(() => api.ContainerListings > beforeAdvancing);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, beforeAdvancing);
    }

    [Fact]
    public async Task A_full_sync_publishes_the_topology()
    {
        var api = new FakeDockerApi();
        api.Running[DockerHostScenario.Web.Id] = DockerHostScenario.Web;
        api.Networks.Add(DockerHostScenario.Bridge);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        using var service = Service(api, time, pipeline);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => pipeline.Store.Current.Containers.Any(c => c.Name == "web"));
        await service.StopAsync(CancellationToken.None);

        var web = Assert.Single(pipeline.Store.Current.Containers, c => c.Name == "web");
        Assert.Equal("vethaaa", Assert.Single(web.Interfaces).Veth);

        // The fixture's namespaces Docker does not know of come from the full sync's kernel scan (Fixtures/README.md).
        Assert.Equal(["api-server", "d8d8d8d8d8d8", "web"], pipeline.Store.Current.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task While_Docker_does_not_answer_the_kernel_s_namespaces_are_published_every_scan_interval()
    {
        var api = new FakeDockerApi { Unreachable = true };
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        using var service = Service(api, time, pipeline);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => api.Subscriptions >= 1);
        Assert.Empty(pipeline.Store.Current.Containers); // not before a whole interval without an answer

        // The service may still be starting its timer (BackgroundService runs ExecuteAsync on the pool): an interval at a time.
        for (var i = 0; i < 40 && pipeline.Store.Current.Containers.Length == 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["a1a1a1a1a1a1", "api-server", "d8d8d8d8d8d8"], pipeline.Store.Current.Containers.Select(c => c.Name));
        Assert.Null(pipeline.Store.Current.SyncedAt); // Docker never answered: nothing it confirmed
        Assert.Equal("vethaaa", Assert.Single(pipeline.Store.Current.Containers[0].Interfaces).Veth);
    }

    /// <summary>
    /// docker_up means a sync succeeded: a socket proxy that denies the network list makes it 0 with
    /// the reason (it was 1 before: Docker "answered"), and it is 1 again once the list is allowed.
    /// </summary>
    [Fact]
    public async Task Docker_is_down_with_the_reason_while_syncs_fail_and_up_once_one_succeeds()
    {
        var api = new FakeDockerApi
        {
            NetworksFail = new DockerApiException(HttpStatusCode.Forbidden, "request forbidden by the socket proxy"),
            Events = () => new Pipe().Reader.AsStream(), // open and quiet
        };
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        using var service = Service(api, time, pipeline);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => pipeline.Health.Failures(RuntimeFailure.Denied) >= 1);
        Assert.False(pipeline.Health.IsUp);

        api.NetworksFail = null;
        for (var i = 0; i < 40 && !pipeline.Health.IsUp; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30)); // past the session's backoff
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);

        Assert.True(pipeline.Health.IsUp);
        Assert.Equal(0, pipeline.Health.Failures(RuntimeFailure.EventsLost));
    }

    /// <summary>
    /// A daemon floods 30,000 events (for containers that do not exist) while the first sync runs:
    /// 10,000 wait, the rest are dropped, and one full sync stands in for them all, not 30,000 inspects.
    /// </summary>
    [Fact]
    public async Task Events_past_the_10000_waiting_are_dropped_and_a_full_sync_stands_in_for_them()
    {
        var flood = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 30_000).Select(i =>
            $$$"""{"Type":"container","Action":"start","Actor":{"ID":"ghost{{{i}}}"}}""" + "\n"))));
        var api = new FakeDockerApi
        {
            Events = () => flood,
            ListingsWaitFor = Task.Run(async () =>
            {
                while (flood.Position < flood.Length)
                {
                    await Task.Delay(5);
                }
            }),
        };
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        using var service = Service(api, time, pipeline);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => api.ContainerListings >= 2);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // real time; the fake clock holds any retry back
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(2, api.ContainerListings);
        Assert.Empty(api.Inspected);
    }

    private static DockerDiscoveryService Service(IDockerApi api, TimeProvider time, Pipeline pipeline)
    {
        var settings = new ExporterSettings([new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)], null, new Uri("unix:///fake.sock"), true, "/sys", "/proc", CounterSource.Sysfs, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15), LogLevel.Debug);
        return new DockerDiscoveryService(
            new DockerInventorySource(api, NullLogger<DockerInventorySource>.Instance),
            api,
            pipeline.Publisher,
            new KernelScanLoop(pipeline.Publisher, settings, time, NullLogger<KernelScanLoop>.Instance),
            pipeline.Health,
            settings,
            time,
            NullLogger<DockerDiscoveryService>.Instance);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
