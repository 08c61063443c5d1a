using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Counts, per container name, how often the container came back (restarted, re-created, or
/// reconnected) with other addresses than it had: an address plan that moves under the services
/// that rely on it. A name is remembered while it runs and after it goes, so that a re-created
/// container is compared with its predecessor; of the names gone, the <see cref="MaxGoneNames"/>
/// seen last are kept, with their series. Runs under the binder's lock.
/// </summary>
internal sealed class AddressChanges(Counter changes)
{
    /// <summary>How many names of containers that are gone stay remembered (each with its series).</summary>
    public const int MaxGoneNames = 4096;

    private readonly Dictionary<string, Seen> byName = new(StringComparer.Ordinal);
    private long generation;

    public void Observe(IEnumerable<ContainerNode> containers)
    {
        generation++;
        foreach (var container in containers)
        {
            // A container with no address (host, none, or between a disconnect and a connect) has no plan to compare.
            var addresses = string.Join(' ', container.Addresses.Select(a => $"{a.Network}/{a.Address}").Order(StringComparer.Ordinal));
            if (addresses.Length == 0)
            {
                continue;
            }

            var series = changes.WithLabels(container.Name);
            if (byName.TryGetValue(container.Name, out var seen) && seen.Addresses != addresses)
            {
                series.Inc();
            }

            byName[container.Name] = new Seen(addresses, generation);
        }

        var gone = byName.Where(p => p.Value.Generation != generation).OrderByDescending(p => p.Value.Generation).Skip(MaxGoneNames).Select(p => p.Key).ToList();
        foreach (var name in gone)
        {
            byName.Remove(name);
            changes.RemoveLabelled(name);
        }
    }

    private sealed record Seen(string Addresses, long Generation);
}
