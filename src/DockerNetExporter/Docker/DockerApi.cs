using Docker.DotNet;
using Docker.DotNet.Models;
using Polly;

namespace DockerNetExporter.Docker;

/// <summary><see cref="IDockerApi"/> over Docker.DotNet, every request call behind the retry and circuit-breaker pipeline.</summary>
internal sealed class DockerApi(DockerClient client, ResiliencePipeline apiCalls) : IDockerApi, IDisposable
{
    private static readonly ContainerEventsParameters EventFilter = new()
    {
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["type"] = new Dictionary<string, bool> { ["container"] = true, ["network"] = true },
            ["event"] = new Dictionary<string, bool>
            {
                ["start"] = true, ["die"] = true, ["destroy"] = true, ["rename"] = true,
                ["connect"] = true, ["disconnect"] = true, ["create"] = true,
            },
        },
    };

    public async Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken)
    {
        var containers = await apiCalls.ExecuteAsync(
            async ct => await client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, ct),
            cancellationToken);
        return [.. containers.Select(c => c.ID)];
    }

    public async Task<DockerContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await apiCalls.ExecuteAsync(
                async ct => await client.Containers.InspectContainerAsync(id, ct),
                cancellationToken);
            return response.State is { Running: true } ? DockerModelConverter.ToContainer(response) : null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DockerNetwork>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        var networks = await apiCalls.ExecuteAsync(
            async ct => await client.Networks.ListNetworksAsync(new NetworksListParameters(), ct),
            cancellationToken);
        return [.. networks.Select(DockerModelConverter.ToNetwork)];
    }

    public Task WatchEventsAsync(Action<DockerEvent> onEvent, CancellationToken cancellationToken) =>
        client.System.MonitorEventsAsync(EventFilter, new SynchronousProgress(m => onEvent(DockerModelConverter.ToEvent(m))), cancellationToken);

    public void Dispose() => client.Dispose();

    /// <summary>
    /// Reports on the reading thread, in stream order. System.Progress would post each report to the
    /// thread pool, where two events can overtake each other.
    /// </summary>
    private sealed class SynchronousProgress(Action<Message> report) : IProgress<Message>
    {
        public void Report(Message value) => report(value);
    }
}
