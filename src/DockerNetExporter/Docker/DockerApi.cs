using System.Collections.Immutable;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerNetExporter.Runtime;
using Polly;

namespace DockerNetExporter.Docker;

/// <summary>
/// <see cref="IDockerApi"/> over Docker.DotNet, every request call behind the retry and
/// circuit-breaker pipeline. Every answer has passed <see cref="BoundedAnswers"/>; what it holds is
/// checked before it is used (an answer with a null where an object belongs, or without ids, is
/// malformed, not a crash). The container list is read here, for its ids alone. Whether a sync
/// succeeded, with what these calls throw, is discovery's to record (<see cref="RuntimeHealth"/>):
/// an answer is no success in itself.
/// </summary>
/// <param name="http">The same handler chain as <paramref name="client"/>'s, for the container list.</param>
/// <param name="keptLabels">The container labels each inspect keeps (--docker.container-labels).</param>
internal sealed class DockerApi(DockerClient client, HttpClient http, ResiliencePipeline apiCalls, ImmutableArray<string> keptLabels = default) : IDockerApi, IDisposable
{
    private static readonly TimeSpan SubscribeTimeout = TimeSpan.FromSeconds(30);

    // Podman's compatible API (4.3 here) matches the event filter against its own names, died and
    // remove, though it sends die and remove; without those two no stop or removal reaches the
    // exporter from Podman until the next full sync (containers/podman#16857, mapped in 4.4). Docker
    // ignores names it does not emit.
    private static readonly ContainerEventsParameters EventFilter = new()
    {
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["type"] = new Dictionary<string, bool> { ["container"] = true, ["network"] = true },
            ["event"] = new Dictionary<string, bool>
            {
                ["start"] = true, ["die"] = true, ["destroy"] = true, ["rename"] = true,
                ["died"] = true, ["remove"] = true,
                ["connect"] = true, ["disconnect"] = true, ["create"] = true,
            },
        },
    };

    public Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken) =>
        CallAsync(
            async ct =>
            {
                // Headers only: the body is parsed as it streams, never held whole.
                using var response = await http.GetAsync(new Uri(DockerPaths.ContainerList, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new DockerApiException(response.StatusCode, await response.Content.ReadAsStringAsync(ct));
                }

                await using var body = await response.Content.ReadAsStreamAsync(ct);
                return await ContainerIds.ReadAsync(body, ct);
            },
            cancellationToken);

    public async Task<RuntimeContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken)
    {
        if (!DockerIds.IsValid(id))
        {
            return null; // from an event: no such container can exist
        }

        try
        {
            var response = await CallAsync(ct => client.Containers.InspectContainerAsync(id, ct), cancellationToken);
            if (!DockerIds.IsValid(response?.ID))
            {
                throw new JsonException($"the inspect of container {id} has no valid Id");
            }

            return response.State is { Running: true } ? DockerModelConverter.ToContainer(response, keptLabels) : null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RuntimeNetwork>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        var networks = await CallAsync(ct => client.Networks.ListNetworksAsync(new NetworksListParameters(), ct), cancellationToken);
        if (networks is null || networks.Any(n => !DockerIds.IsValid(n?.ID)))
        {
            throw new JsonException("the network list has a network without a valid Id");
        }

        if (networks.DistinctBy(n => n.ID, StringComparer.Ordinal).Count() != networks.Count)
        {
            throw new JsonException("the network list names a network twice");
        }

        return [.. networks.Select(DockerModelConverter.ToNetwork)];
    }

    public async Task<RuntimeNetwork?> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (!DockerIds.IsValid(idOrName))
        {
            return null; // from an inspect answer: no such network can exist
        }

        try
        {
            var network = await CallAsync(ct => client.Networks.InspectNetworkAsync(idOrName, ct), cancellationToken);
            return DockerIds.IsValid(network?.ID)
                ? DockerModelConverter.ToNetwork(network)
                : throw new JsonException($"the inspect of network {idOrName} has no valid Id");
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

    public void Dispose()
    {
        http.Dispose();
        client.Dispose();
    }

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await apiCalls.ExecuteAsync(async ct => await call(ct), cancellationToken);
}
