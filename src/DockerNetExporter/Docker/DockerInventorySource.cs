using System.Collections.Concurrent;
using System.Collections.Immutable;
using Docker.DotNet;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Docker;

/// <summary>
/// Builds the <see cref="RuntimeInventory"/> from the Docker API: whole (list and inspect every
/// running container, list networks) or by applying a batch of events to the last one.
/// </summary>
internal sealed class DockerInventorySource(IDockerApi api, ILogger<DockerInventorySource> logger)
{
    /// <summary>Inspects are small and independent; a few at once keep a resync of 1,000 containers short without crowding dockerd.</summary>
    private const int InspectConcurrency = 4;

    /// <summary>How many containers get a warning of their own about published ports left out.</summary>
    private const int ContainersWarnedAboutPorts = 256;

    private readonly OncePerKey portWarnings = new(ContainersWarnedAboutPorts);

    /// <param name="previous">What was known before: a container whose inspect fails keeps its last known state.</param>
    public async Task<RuntimeInventory> LoadAsync(RuntimeInventory previous, CancellationToken cancellationToken)
    {
        var ids = await api.ListRunningContainerIdsAsync(cancellationToken);
        var inspected = await InspectAsync(ids, previous, cancellationToken);
        var networks = await api.ListNetworksAsync(cancellationToken);
        return await ResolveEndpointNetworksAsync(
            inspected.Where(pair => pair.Value is not null).ToImmutableDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal),
            networks.ToImmutableDictionary(n => n.Id, StringComparer.Ordinal),
            cancellationToken);
    }

    /// <summary>
    /// Applies events in order, the last word on each container winning: a die followed by a start
    /// in one batch re-inspects, a start followed by a destroy removes.
    /// </summary>
    public async Task<RuntimeInventory> ApplyAsync(RuntimeInventory inventory, IReadOnlyList<DockerEvent> events, CancellationToken cancellationToken)
    {
        var reinspect = new Dictionary<string, bool>(StringComparer.Ordinal);
        var reloadNetworks = false;
        foreach (var e in events)
        {
            switch (e.Type, e.Action)
            {
                case ("container", "start" or "rename"):
                    reinspect[e.ActorId] = true;
                    break;
                // remove: Podman's destroy.
                case ("container", "die" or "destroy" or "remove"):
                    reinspect[e.ActorId] = false;
                    break;
                case ("network", "connect" or "disconnect") when e.Container is { Length: > 0 } container:
                    reinspect[container] = true;
                    reloadNetworks |= !inventory.Networks.ContainsKey(e.ActorId);
                    break;
                // remove: Podman's destroy, let through by the events filter for its containers.
                case ("network", "create" or "destroy" or "remove"):
                    reloadNetworks = true;
                    break;
            }
        }

        var containers = inventory.Containers.ToBuilder();
        foreach (var (id, keep) in reinspect)
        {
            if (!keep)
            {
                containers.Remove(id);
            }
        }

        var inspected = await InspectAsync([.. reinspect.Where(pair => pair.Value).Select(pair => pair.Key)], inventory, cancellationToken);
        foreach (var (id, container) in inspected)
        {
            if (container is null)
            {
                containers.Remove(id);
            }
            else
            {
                containers[id] = container;
            }
        }

        var networks = reloadNetworks
            ? (await api.ListNetworksAsync(cancellationToken)).ToImmutableDictionary(n => n.Id, StringComparer.Ordinal)
            : inventory.Networks;
        return await ResolveEndpointNetworksAsync(containers.ToImmutable(), networks, cancellationToken);
    }

    /// <summary>
    /// Gives every endpoint the id of its network. Docker's endpoints carry it; Podman's compatible
    /// API puts the network's name there (NetworkID "podman") and lists that network under another
    /// name ("bridge"). Such a network is inspected by the name the endpoint gives, once, and its
    /// entry takes the name the inspect and the endpoints agree on; later endpoints find it by name.
    /// </summary>
    private async Task<RuntimeInventory> ResolveEndpointNetworksAsync(
        ImmutableDictionary<string, RuntimeContainer> containers, ImmutableDictionary<string, RuntimeNetwork> networks, CancellationToken cancellationToken)
    {
        var unknown = containers.Values.SelectMany(c => c.Endpoints).Select(e => e.NetworkId)
            .Where(id => id.Length > 0 && !networks.ContainsKey(id) && !networks.Values.Any(n => n.Name == id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in unknown)
        {
            if (await api.InspectNetworkAsync(name, cancellationToken) is { } network)
            {
                networks = networks.SetItem(network.Id, network);
            }
        }

        var idsByName = networks.Values.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var resolved = containers;
        foreach (var (id, container) in containers)
        {
            if (container.Endpoints.Any(e => !networks.ContainsKey(e.NetworkId) && idsByName.ContainsKey(e.NetworkId)))
            {
                resolved = resolved.SetItem(id, container with
                {
                    Endpoints = [.. container.Endpoints.Select(e => idsByName.TryGetValue(e.NetworkId, out var networkId) && !networks.ContainsKey(e.NetworkId) ? e with { NetworkId = networkId } : e)],
                });
            }
        }

        return new RuntimeInventory(resolved, networks);
    }

    /// <summary>
    /// Inspects the containers a few at a time. Docker answering with an error about one container
    /// (it may be half-removed) costs that container only: it keeps its previous state. Docker not
    /// answering at all fails the whole call.
    /// </summary>
    private async Task<ConcurrentDictionary<string, RuntimeContainer?>> InspectAsync(
        IReadOnlyList<string> ids, RuntimeInventory previous, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<string, RuntimeContainer?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = InspectConcurrency, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                try
                {
                    var container = await api.InspectRunningContainerAsync(id, ct);
                    if (container is { PublishedPortsLeftOut: > 0 } && portWarnings.TryTake(container.Id))
                    {
                        Log.PublishedPortsLeftOut(logger, container.Name, container.Id, container.PublishedPortsLeftOut, DockerLimits.ContainerPublishedPorts);
                    }

                    results[id] = container;
                }
                catch (DockerApiException e)
                {
                    Log.InspectFailed(logger, id, DockerFailures.Describe(e));
                    results[id] = previous.Containers.GetValueOrDefault(id);
                }
            });
        return results;
    }
}
