using System.Net;
using DockerNetExporter.Kernel;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace DockerNetExporter.Http;

/// <summary>
/// At most <see cref="Max"/> inbound connections open at once: their share of the limit on open
/// files (<see cref="OpenFileShares"/>), so that no number of clients brings the exporter to EMFILE.
/// A connection past the limit makes room by closing an idle one, open but serving no request (it
/// sent nothing yet, or not all its headers, is in its TLS handshake, or between two kept-alive
/// requests), chosen by <see cref="IdleQueue{T}"/>. So idle connections held by whoever can reach
/// the port cannot lock a scrape out, as they would with Kestrel's MaxConcurrentConnections, which
/// only refuses (and logs a warning per connection refused). When every connection is serving a
/// request, the new one is closed unserved. Both are counted, and the limit reached is said once.
/// Thread-safe.
/// </summary>
internal sealed class ConnectionLimit
{
    private readonly Lock gate = new();
    private readonly IdleQueue<Connection> idle = new();
    private readonly Once reachedWarning = new();
    private readonly ILogger logger;
    private readonly Gauge open;
    private readonly Counter idleClosed;
    private readonly Counter refused;
    private int count;

    public ConnectionLimit(OpenFileShares shares, CollectorRegistry registry, ILogger<ConnectionLimit> logger)
    {
        this.logger = logger;
        Max = shares.Connections;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        open = factory.CreateGauge("dockernet_http_connections_open", "Inbound connections open now, idle ones and TLS handshakes included.");
        factory.CreateGauge(
            "dockernet_http_connections_max",
            "Inbound connections that may be open at once: --web.max-connections, lowered to fit the limit on open files.").Set(Max);
        idleClosed = factory.CreateCounter(
            "dockernet_http_connections_idle_closed_total",
            "Idle connections (open, serving no request) closed to make room for a new one at dockernet_http_connections_max.");
        refused = factory.CreateCounter(
            "dockernet_http_connections_refused_total",
            "New connections closed unserved at dockernet_http_connections_max, every open connection serving a request.");
    }

    public int Max { get; }

    /// <summary>The connection middleware, first on the listener (before TLS): admits, makes room, or refuses.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        var connection = TryAdmit(context);
        if (connection is null)
        {
            return; // Kestrel closes it
        }

        context.Features.Set(connection);

        // At shutdown Kestrel asks every connection to close and waits for them, up to the host's
        // 30 s; one that sent no request yet, or is in its TLS handshake, does not hear it, so an
        // idle one is closed at once, and SIGTERM is not held up by whoever holds idle connections.
        using var onShutdown = context.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(() => CloseIfIdle(connection));
        try
        {
            await next(context);
        }
        finally
        {
            Release(connection);
        }
    };

    /// <summary>The HTTP middleware, first in the pipeline: a connection serving a request is not idle.</summary>
    public async Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        var connection = context.Features.GetRequiredFeature<Connection>();
        lock (gate)
        {
            // Chosen to be closed while idle, and its request came first: it is closed, not served
            // half-way (the abort is on its way).
            if (connection.Gone || connection.ClosingWhileIdle)
            {
                context.Abort();
                return;
            }

            if (connection.Requests++ == 0 && connection.Idle is { } node)
            {
                idle.Remove(node);
                connection.Idle = null;
            }
        }

        try
        {
            await next(context);
        }
        finally
        {
            lock (gate)
            {
                if (--connection.Requests == 0 && !connection.Gone)
                {
                    connection.Idle = idle.Add(connection, connection.Source);
                }
            }
        }
    }

    private Connection? TryAdmit(ConnectionContext context)
    {
        var connection = new Connection(context);
        Connection? closed = null;
        bool atLimit;
        lock (gate)
        {
            if (count < Max)
            {
                open.Set(++count);
            }
            else if (idle.TryTakeNextToClose(out var longest))
            {
                closed = longest;
                closed.Idle = null;
                closed.Gone = true; // its place is the new connection's
            }
            else
            {
                connection = null;
            }

            if (connection is not null)
            {
                connection.Idle = idle.Add(connection, connection.Source);
            }

            atLimit = count == Max;
        }

        if (atLimit && reachedWarning.TryTake())
        {
            Log.ConnectionLimitReached(logger, Max);
        }

        if (connection is null)
        {
            refused.Inc();
        }
        else if (closed is not null)
        {
            idleClosed.Inc();
            closed.Context.Abort(new ConnectionAbortedException("Closed while idle, to make room for a new connection at --web.max-connections."));
        }

        return connection;
    }

    private void CloseIfIdle(Connection connection)
    {
        lock (gate)
        {
            if (connection.Idle is null)
            {
                return; // serving a request, which Kestrel lets finish
            }

            connection.ClosingWhileIdle = true;
        }

        connection.Context.Abort(new ConnectionAbortedException("Closed while idle, at shutdown."));
    }

    private void Release(Connection connection)
    {
        lock (gate)
        {
            if (connection.Gone)
            {
                return; // closed to make room: counted as the connection that took its place
            }

            connection.Gone = true;
            if (connection.Idle is { } node)
            {
                idle.Remove(node);
                connection.Idle = null;
            }

            open.Set(--count);
        }
    }

    /// <summary>One admitted connection, the requests it is serving, and its place among the idle ones.</summary>
    private sealed class Connection(ConnectionContext context)
    {
        public ConnectionContext Context { get; } = context;

        public IPAddress? Source { get; } = (context.RemoteEndPoint as IPEndPoint)?.Address;

        public int Requests { get; set; }

        /// <summary>Its place in the idle queue while it serves no request; null while it does, or once gone.</summary>
        public LinkedListNode<IdleQueue<Connection>.Entry>? Idle { get; set; }

        /// <summary>Released, or closed to make room; either way no longer counted, and never idle again.</summary>
        public bool Gone { get; set; }

        /// <summary>Closed at shutdown while idle: a request that comes now is not begun.</summary>
        public bool ClosingWhileIdle { get; set; }
    }
}
