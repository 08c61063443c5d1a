using System.Collections.Concurrent;
using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>An in-memory Docker: what is running, what inspect answers, and which calls were made.</summary>
internal sealed class FakeDockerApi : IDockerApi
{
    public ConcurrentDictionary<string, DockerContainer> Running { get; } = new(StringComparer.Ordinal);

    public List<DockerNetwork> Networks { get; } = [];

    public ConcurrentQueue<string> Inspected { get; } = new();

    public int NetworkListings { get; private set; }

    public Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Running.Keys]);

    public Task<DockerContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken)
    {
        Inspected.Enqueue(id);
        return Task.FromResult(Running.TryGetValue(id, out var container) ? container : null);
    }

    public Task<IReadOnlyList<DockerNetwork>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        NetworkListings++;
        return Task.FromResult<IReadOnlyList<DockerNetwork>>([.. Networks]);
    }

    public Task<DockerEventStream> SubscribeEventsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new DockerEventStream(new MemoryStream()));
}
