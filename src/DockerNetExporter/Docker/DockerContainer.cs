using System.Collections.Immutable;

namespace DockerNetExporter.Docker;

/// <summary>A running container as Docker describes it (from container inspect).</summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The name without Docker's leading slash.</param>
/// <param name="Pid">State.Pid: the process whose /proc entry shows the container's namespaces.</param>
/// <param name="NetworkMode">HostConfig.NetworkMode: default, bridge, host, none, a network name, or container:ID.</param>
internal sealed record DockerContainer(
    string Id,
    string Name,
    string Image,
    long Pid,
    string NetworkMode,
    string ComposeProject,
    string ComposeService,
    ImmutableArray<DockerEndpoint> Endpoints)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>Set for --network container:OTHER, whose namespace belongs to OTHER.</summary>
    public bool JoinsAnotherNamespace => NetworkMode.StartsWith("container:", StringComparison.Ordinal);

    public bool UsesHostNetwork => NetworkMode == "host";
}
