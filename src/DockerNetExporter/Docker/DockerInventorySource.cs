using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace DockerNetExporter.Docker;

/// <summary>
/// Builds the <see cref="DockerInventory"/> from the Docker API: whole (list and inspect every
/// running container, list networks) or by applying a batch of events to the last one.
/// </summary>
internal sealed class DockerInventorySource(IDockerApi api)
{
    /// <summary>Inspects are small and independent; a few at once keep a resync of 1,000 containers short without crowding dockerd.</summary>
    private const int InspectConcurrency = 4;

    public async Task<DockerInventory> LoadAsync(CancellationToken cancellationToken)
    {
        var ids = await api.ListRunningContainerIdsAsync(cancellationToken);
        var inspected = await InspectAsync(ids, cancellationToken);
        var networks = await api.ListNetworksAsync(cancellationToken);
        return new DockerInventory(
            inspected.Where(pair => pair.Value is not null).ToImmutableDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal),
            networks.ToImmutableDictionary(n => n.Id, StringComparer.Ordinal));
    }

    /// <summary>
    /// Applies events in order, the last word on each container winning: a die followed by a start
    /// in one batch re-inspects, a start followed by a destroy removes.
    /// </summary>
    public async Task<DockerInventory> ApplyAsync(DockerInventory inventory, IReadOnlyList<DockerEvent> events, CancellationToken cancellationToken)
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
                case ("container", "die" or "destroy"):
                    reinspect[e.ActorId] = false;
                    break;
                case ("network", "connect" or "disconnect") when e.Container is { Length: > 0 } container:
                    reinspect[container] = true;
                    reloadNetworks |= !inventory.Networks.ContainsKey(e.ActorId);
                    break;
                case ("network", "create" or "destroy"):
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

        var inspected = await InspectAsync([.. reinspect.Where(pair => pair.Value).Select(pair => pair.Key)], cancellationToken);
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
        return new DockerInventory(containers.ToImmutable(), networks);
    }

    private async Task<ConcurrentDictionary<string, DockerContainer?>> InspectAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<string, DockerContainer?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = InspectConcurrency, CancellationToken = cancellationToken },
            async (id, ct) => results[id] = await api.InspectRunningContainerAsync(id, ct));
        return results;
    }
}
