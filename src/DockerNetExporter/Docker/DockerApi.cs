using System.Text;
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

    /// <summary>
    /// Reads the raw events stream line by line: dockerd writes one JSON object and a newline per
    /// event and flushes it, so each event is handed on as soon as its newline arrives, never held
    /// back until the next one (the failure reported as dotnet/Docker.DotNet#576).
    /// </summary>
    public async Task WatchEventsAsync(Action<DockerEvent> onEvent, CancellationToken cancellationToken)
    {
        // Obsolete only in favour of the IProgress overload, whose reader is the part this avoids.
#pragma warning disable CS0618
        using var stream = await client.System.MonitorEventsAsync(EventFilter, cancellationToken);
#pragma warning restore CS0618
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (DockerModelConverter.ToEvent(line) is { } dockerEvent)
            {
                onEvent(dockerEvent);
            }
        }
    }

    public void Dispose() => client.Dispose();
}
