using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Counts, per container name, how often the container came back (restarted, re-created, or
/// reconnected) on a network with other addresses than it had there: an address plan that moves
/// under the services that rely on it. Joining another network, or leaving one, is no change; the
/// address a name last had on each network is what the next one is compared with. The series
/// exists while the container runs, like every container series; the name, its addresses and its
/// count are remembered after it goes, so that its successor is compared with it and its series
/// comes back with the count. Of the names gone, the <see cref="MaxGoneNames"/> seen last are
/// remembered. Runs under the binder's lock.
/// </summary>
internal sealed class AddressChanges(Counter changes)
{
    /// <summary>How many names of containers that are gone stay remembered.</summary>
    public const int MaxGoneNames = 4096;

    private readonly Dictionary<string, Seen> byName = new(StringComparer.Ordinal);
    private long generation;

    public void Observe(IEnumerable<ContainerNode> containers)
    {
        generation++;
        foreach (var container in containers)
        {
            // By network: its addresses there, in a stable order.
            var now = container.Addresses.GroupBy(a => a.Network ?? "", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => string.Join(' ', g.Select(a => a.Address).Order(StringComparer.Ordinal)), StringComparer.Ordinal);
            var known = byName.TryGetValue(container.Name, out var seen);
            if (!known && now.Count == 0)
            {
                continue; // no address (host, none) and no past: nothing to compare, now or later
            }

            var networks = new Dictionary<string, string>(seen?.Networks ?? [], StringComparer.Ordinal);
            var changed = false;
            foreach (var (network, addresses) in now)
            {
                changed |= networks.TryGetValue(network, out var before) && before != addresses;
                networks[network] = addresses;
            }

            var count = (seen?.Count ?? 0) + (changed ? 1 : 0);
            byName[container.Name] = new Seen(networks, count, generation);
            changes.WithLabels(container.Name).IncTo(count);
        }

        var gone = byName.Where(p => p.Value.Generation != generation).OrderByDescending(p => p.Value.Generation).Select(p => p.Key).ToList();
        foreach (var name in gone)
        {
            changes.RemoveLabelled(name);
        }

        foreach (var name in gone.Skip(MaxGoneNames))
        {
            byName.Remove(name);
        }
    }

    private sealed record Seen(Dictionary<string, string> Networks, long Count, long Generation);
}
