using System.Collections.Concurrent;
using System.Net;
using Docker.DotNet;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>An in-memory Docker: what is running, what inspect answers, and which calls were made.</summary>
internal sealed class FakeDockerApi : IDockerApi
{
    private int containerListings;
    private int subscriptions;

    public ConcurrentDictionary<string, RuntimeContainer> Running { get; } = new(StringComparer.Ordinal);

    public List<RuntimeNetwork> Networks { get; } = [];

    /// <summary>What network inspect answers beyond <see cref="Networks"/>, by the id or name asked for (Podman answers by name).</summary>
    public Dictionary<string, RuntimeNetwork> InspectOnlyNetworks { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> NetworksInspected { get; } = new();

    /// <summary>Listed as running, but stopped by the time it is inspected.</summary>
    public HashSet<string> StopsBeforeInspect { get; } = new(StringComparer.Ordinal);

    /// <summary>Inspect answers a server error, as for a half-removed container.</summary>
    public HashSet<string> InspectFails { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Inspected { get; } = new();

    /// <summary>Every call fails as a refused connection does.</summary>
    public bool Unreachable { get; set; }

    /// <summary>What the network list throws, if anything (a socket proxy's 403, say).</summary>
    public Exception? NetworksFail { get; set; }

    /// <summary>What each container list waits for before it answers.</summary>
    public Task ListingsWaitFor { get; set; } = Task.CompletedTask;

    /// <summary>The events stream of each session; by default one that ends as soon as it is read, as when dockerd closes it.</summary>
    public Func<Stream> Events { get; set; } = () => new MemoryStream();

    public int NetworkListings { get; private set; }

    /// <summary>How many sessions began (each subscribes to events first).</summary>
    public int Subscriptions => Volatile.Read(ref subscriptions);

    /// <summary>How many full syncs began.</summary>
    public int ContainerListings => Volatile.Read(ref containerListings);

    public async Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref containerListings);
        ThrowIfUnreachable();
        await ListingsWaitFor;
        return [.. Running.Keys];
    }

    public Task<RuntimeContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken)
    {
        Inspected.Enqueue(id);
        if (InspectFails.Contains(id))
        {
            throw new DockerApiException(HttpStatusCode.InternalServerError, "driver failed");
        }

        return Task.FromResult(!StopsBeforeInspect.Contains(id) && Running.TryGetValue(id, out var container) ? container : null);
    }

    public Task<IReadOnlyList<RuntimeNetwork>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        NetworkListings++;
        if (NetworksFail is { } failure)
        {
            throw failure;
        }

        return Task.FromResult<IReadOnlyList<RuntimeNetwork>>([.. Networks]);
    }

    public Task<RuntimeNetwork?> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        NetworksInspected.Enqueue(idOrName);
        return Task.FromResult(
            InspectOnlyNetworks.GetValueOrDefault(idOrName) ?? Networks.FirstOrDefault(n => n.Id == idOrName || n.Name == idOrName));
    }

    public Task<DockerEventStream> SubscribeEventsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref subscriptions);
        ThrowIfUnreachable();
        return Task.FromResult(new DockerEventStream(Events()));
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }
    }
}
