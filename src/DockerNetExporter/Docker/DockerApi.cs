using Docker.DotNet;
using Docker.DotNet.Models;
using DockerNetExporter.Runtime;
using Polly;

namespace DockerNetExporter.Docker;

/// <summary>
/// <see cref="IDockerApi"/> over Docker.DotNet: every request call behind the retry and
/// circuit-breaker pipeline. Whether a sync succeeded, with what these calls throw, is discovery's
/// to record (<see cref="RuntimeHealth"/>): an answer is no success in itself.
/// </summary>
internal sealed class DockerApi(DockerClient client, ResiliencePipeline apiCalls) : IDockerApi, IDisposable
{
    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(30);

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
        var containers = await CallAsync(ct => client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, ct), cancellationToken);
        return [.. containers.Select(c => c.ID)];
    }

    public async Task<RuntimeContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync(ct => client.Containers.InspectContainerAsync(id, ct), cancellationToken);
            return response.State is { Running: true } ? DockerModelConverter.ToContainer(response) : null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RuntimeNetwork>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        var networks = await CallAsync(ct => client.Networks.ListNetworksAsync(new NetworksListParameters(), ct), cancellationToken);
        return [.. networks.Select(DockerModelConverter.ToNetwork)];
    }

    public async Task<RuntimeNetwork?> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            return DockerModelConverter.ToNetwork(await CallAsync(ct => client.Networks.InspectNetworkAsync(idOrName, ct), cancellationToken));
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Not retried here: the events session has its own backoff. A daemon (or proxy) that accepts the
    /// request but does not answer within <see cref="SubscribeTimeout"/> counts as unreachable, and
    /// the request is cancelled, so no connection is left behind.
    /// </summary>
    public async Task<DockerEventStream> SubscribeEventsAsync(CancellationToken cancellationToken)
    {
        var request = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        request.CancelAfter(SubscribeTimeout);
        try
        {
            // Obsolete only in favour of the IProgress overload, whose reader DockerEventStream replaces.
#pragma warning disable CS0618
            var stream = await client.System.MonitorEventsAsync(EventFilter, request.Token);
#pragma warning restore CS0618

            // Answered in time: from here the request lives as long as the session.
            request.CancelAfter(Timeout.InfiniteTimeSpan);
            return new DockerEventStream(stream, request);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            request.Dispose();
            throw new TimeoutException($"Docker did not answer the events request within {SubscribeTimeout.TotalSeconds:F0}s", e);
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await apiCalls.ExecuteAsync(async ct => await call(ct), cancellationToken);
}
