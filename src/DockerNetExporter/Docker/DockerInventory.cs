using System.Collections.Immutable;

namespace DockerNetExporter.Docker;

/// <summary>What the exporter knows from Docker: running containers by id and networks by id. Immutable.</summary>
internal sealed record DockerInventory(
    ImmutableDictionary<string, DockerContainer> Containers,
    ImmutableDictionary<string, DockerNetwork> Networks)
{
    public static DockerInventory Empty { get; } = new(
        ImmutableDictionary<string, DockerContainer>.Empty, ImmutableDictionary<string, DockerNetwork>.Empty);
}
