using System.Collections.Immutable;

namespace DockerNetExporter.Runtime;

/// <summary>What the exporter knows from a container runtime (Docker, Podman's compatible API): running containers by id and networks by id. Immutable.</summary>
internal sealed record RuntimeInventory(
    ImmutableDictionary<string, RuntimeContainer> Containers,
    ImmutableDictionary<string, RuntimeNetwork> Networks)
{
    public static RuntimeInventory Empty { get; } = new(
        ImmutableDictionary<string, RuntimeContainer>.Empty, ImmutableDictionary<string, RuntimeNetwork>.Empty);

    /// <summary>The first difference that matters to the topology between this and a newer inventory, or null.</summary>
    public string? DriftFrom(RuntimeInventory newer)
    {
        foreach (var id in Containers.Keys.Union(newer.Containers.Keys))
        {
            Containers.TryGetValue(id, out var before);
            newer.Containers.TryGetValue(id, out var after);
            if (before is null || after is null || !before.SameNetworking(after))
            {
                return $"container {(after ?? before)!.Name} {(before is null ? "appeared" : after is null ? "disappeared" : "changed")}";
            }
        }

        return Networks.Keys.Order(StringComparer.Ordinal).SequenceEqual(newer.Networks.Keys.Order(StringComparer.Ordinal), StringComparer.Ordinal)
            ? null
            : "the networks changed";
    }
}
