using DockerNetExporter.Http;
using DockerNetExporter.Kernel;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace DockerNetExporter.Tests.Http;

/// <summary>
/// The limit's connection and HTTP middlewares around connections of the test's own, held open
/// until the limit closes them, as Kestrel holds a connection until its delegate returns.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly List<string> warnings = [];
    private readonly List<DefaultConnectionContext> contexts = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task At_the_limit_a_new_connection_closes_the_one_idle_longest()
    {
        var limit = Limit(2);
        var first = Open(limit);
        var second = Open(limit);

        // The first serves a request after the second opened: the second is now idle longest.
        var request = first.StartRequest(limit);
        await request.EndAsync();
        var third = Open(limit);

        await second.ClosedByTheLimitAsync();
        Assert.True(first.IsOpen && third.IsOpen);
        var exposition = await Exposition.ExportAsync(registry);
        Assert.Equal(1, exposition.Value("dockernet_http_connections_idle_closed_total"));
        Assert.Equal(0, exposition.Value("dockernet_http_connections_refused_total"));
        Assert.Equal(2, exposition.Value("dockernet_http_connections_open"));
        Assert.Equal(2, exposition.Value("dockernet_http_connections_max"));
        Assert.Single(warnings);
    }

    [Fact]
    public async Task When_every_connection_is_serving_a_request_a_new_one_is_closed_unserved()
    {
        var limit = Limit(2);
        var first = Open(limit);
        var second = Open(limit);
        var firstRequest = first.StartRequest(limit);
        var secondRequest = second.StartRequest(limit);

        var refused = Open(limit);

        Assert.True(refused.Served.IsCompleted, "the limit returned at once");
        Assert.False(refused.Admitted);
        Assert.True(first.IsOpen && second.IsOpen);
        Assert.Equal(1, (await Exposition.ExportAsync(registry)).Value("dockernet_http_connections_refused_total"));

        // Once its request is answered, the first is idle again, and the next connection takes its place.
        await firstRequest.EndAsync();
        var next = Open(limit);
        await first.ClosedByTheLimitAsync();
        Assert.True(second.IsOpen && next.IsOpen);
        await secondRequest.EndAsync();
        Assert.Equal(1, (await Exposition.ExportAsync(registry)).Value("dockernet_http_connections_idle_closed_total"));
    }

    [Fact]
    public async Task A_connection_that_ends_gives_its_place_back()
    {
        var limit = Limit(1);
        var first = Open(limit);

        await first.CloseAsync();
        var exposition = await Exposition.ExportAsync(registry);
        Assert.Equal(0, exposition.Value("dockernet_http_connections_open"));
        var second = Open(limit);

        Assert.True(second.Admitted && second.IsOpen);
        exposition = await Exposition.ExportAsync(registry);
        Assert.Equal(0, exposition.Value("dockernet_http_connections_idle_closed_total"));
        Assert.Equal(1, exposition.Value("dockernet_http_connections_open"));
        Assert.Empty(warnings.Skip(1)); // said when the first filled the limit, not again
    }

    [Fact]
    public async Task At_shutdown_idle_connections_are_closed_and_one_serving_a_request_is_left_to_finish()
    {
        var limit = Limit(2);
        using var shutdown = new CancellationTokenSource();
        var idle = Open(limit, shutdown.Token);
        var busy = Open(limit, shutdown.Token);
        var request = busy.StartRequest(limit);

        await shutdown.CancelAsync(); // as Kestrel asks every connection to close

        await idle.ClosedByTheLimitAsync();
        Assert.True(busy.IsOpen);
        await request.EndAsync();
        Assert.Equal(0, (await Exposition.ExportAsync(registry)).Value("dockernet_http_connections_idle_closed_total"));
    }

    private ConnectionLimit Limit(int max) =>
        new(new OpenFileShares(max, 0), registry, new HookLogger<ConnectionLimit>(warnings.Add));

    /// <param name="closeRequested">Kestrel's request that the connection close, at shutdown.</param>
    private HeldConnection Open(ConnectionLimit limit, CancellationToken closeRequested = default)
    {
        var context = new DefaultConnectionContext();
        context.Features.Set<IConnectionLifetimeNotificationFeature>(new CloseRequest(closeRequested));
        contexts.Add(context);
        return new HeldConnection(limit, context);
    }

    /// <summary>A connection through the limit's connection middleware, held open until it is closed.</summary>
    private sealed class HeldConnection
    {
        private readonly DefaultConnectionContext context;

        public HeldConnection(ConnectionLimit limit, DefaultConnectionContext context)
        {
            this.context = context;
            Served = limit.Wrap(async connection =>
            {
                Admitted = true;
                try
                {
                    await Task.Delay(Timeout.Infinite, connection.ConnectionClosed);
                }
                catch (OperationCanceledException)
                {
                    // closed: Kestrel's delegate returns, and the connection ends
                }
            })(context);
        }

        public bool Admitted { get; private set; }

        /// <summary>Completes when the connection ends, as Kestrel's would.</summary>
        public Task Served { get; }

        public bool IsOpen => Admitted && !Served.IsCompleted;

        public InFlightRequest StartRequest(ConnectionLimit limit) => new(limit, context);

        public async Task ClosedByTheLimitAsync()
        {
            await Served.WaitAsync(Patience);
            Assert.True(context.ConnectionClosed.IsCancellationRequested);
        }

        /// <summary>The client goes away.</summary>
        public async Task CloseAsync()
        {
            context.Abort();
            await Served.WaitAsync(Patience);
        }
    }

    private sealed class CloseRequest(CancellationToken requested) : IConnectionLifetimeNotificationFeature
    {
        public CancellationToken ConnectionClosedRequested { get; set; } = requested;

        public void RequestClose() => throw new NotSupportedException("the test requests it");
    }

    /// <summary>A request on a connection, in the limit's HTTP middleware until ended.</summary>
    private sealed class InFlightRequest
    {
        private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task served;

        public InFlightRequest(ConnectionLimit limit, DefaultConnectionContext connection)
        {
            // As Kestrel's: the request's features fall back on its connection's.
            served = limit.ServeAsync(new DefaultHttpContext(new FeatureCollection(connection.Features)), _ => answered.Task);
        }

        public async Task EndAsync()
        {
            answered.SetResult();
            await served.WaitAsync(Patience);
        }
    }
}
