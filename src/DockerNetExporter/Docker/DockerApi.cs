using Docker.DotNet;
using Docker.DotNet.Models;
using DockerNetExporter.Runtime;
using Polly;
using Polly.CircuitBreaker;

namespace DockerNetExporter.Docker;

/// <summary>
/// <see cref="IDockerApi"/> over Docker.DotNet: every request call behind the retry and
/// circuit-breaker pipeline, and every outcome recorded in <see cref="RuntimeHealth"/>, whose changes
/// (not each retry) are logged.
/// </summary>
internal sealed class DockerApi(DockerClient client, ResiliencePipeline apiCalls, RuntimeHealth health, Uri endpoint, ILogger<DockerApi> logger)
    : IDockerApi, IDisposable
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
            var stream = await Track(client.System.MonitorEventsAsync(EventFilter, request.Token));
#pragma warning restore CS0618

            // Answered in time: from here the request lives as long as the session.
            request.CancelAfter(Timeout.InfiniteTimeSpan);
            return new DockerEventStream(stream, request);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            request.Dispose();
            var timeout = new TimeoutException($"Docker did not answer the events request within {SubscribeTimeout.TotalSeconds:F0}s", e);
            Unreachable(timeout);
            throw timeout;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();

    private Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        Track(apiCalls.ExecuteAsync(async ct => await call(ct), cancellationToken).AsTask());

    /// <summary>Docker is up when it answers, even with an error about one object; down when it cannot be reached.</summary>
    private async Task<T> Track<T>(Task<T> call)
    {
        try
        {
            var result = await call;
            Reachable();
            return result;
        }
        catch (DockerApiException)
        {
            Reachable();
            throw;
        }
        catch (Exception e) when (DockerResilience.IsTransient(e) || e is BrokenCircuitException)
        {
            Unreachable(e);
            throw;
        }
    }

    private void Unreachable(Exception e)
    {
        if (health.MarkDown())
        {
            Log.DockerUnreachable(logger, endpoint, e.GetBaseException().Message);
        }
    }

    private void Reachable()
    {
        if (health.MarkUp())
        {
            Log.DockerReachable(logger, endpoint);
        }
    }
}
