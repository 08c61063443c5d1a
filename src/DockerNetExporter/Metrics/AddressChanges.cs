using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Counts, per container name, how often the container came back (restarted, re-created, or
/// reconnected) with other addresses than it had: an address plan that moves under the services
/// that rely on it. The series exists while the container runs, like every container series; the
/// name, its addresses and its count are remembered after it goes, so that its successor is
/// compared with it and its series comes back with the count. Of the names gone, the
/// <see cref="MaxGoneNames"/> seen last are remembered. Runs under the binder's lock.
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
            var addresses = string.Join(' ', container.Addresses.Select(a => $"{a.Network}/{a.Address}").Order(StringComparer.Ordinal));
            var known = byName.TryGetValue(container.Name, out var seen);

            // A container with no address (host, none, or between a disconnect and a connect) has no plan to compare.
            if (addresses.Length == 0 && !known)
            {
                continue;
            }

            var count = seen?.Count ?? 0;
            if (known && addresses.Length > 0 && seen!.Addresses != addresses)
            {
                count++;
            }

            byName[container.Name] = new Seen(addresses.Length > 0 ? addresses : seen!.Addresses, count, generation);
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

    private sealed record Seen(string Addresses, long Count, long Generation);
}
