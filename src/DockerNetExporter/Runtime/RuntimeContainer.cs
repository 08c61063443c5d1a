using System.Collections.Immutable;

namespace DockerNetExporter.Runtime;

/// <summary>
/// A running container as its runtime describes it (Docker's container inspect): what discovery
/// maps, whichever runtime named it.
/// </summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The name without Docker's leading slash.</param>
/// <param name="Pid">State.Pid: the process whose /proc entry shows the container's namespaces.</param>
/// <param name="StartedAt">
/// State.StartedAt: set by Docker once the container's process has started; null if Docker gave none.
/// It tells whether the process now holding <paramref name="Pid"/> is still the container's.
/// </param>
/// <param name="NetworkMode">HostConfig.NetworkMode: default, bridge, host, none, a network name, or container:ID.</param>
/// <param name="PublishedPorts">NetworkSettings.Ports' host bindings, ordered by container port, protocol, host address and port.</param>
/// <param name="PublishedPortsLeftOut">Bindings the runtime gave that are not kept: malformed, or past the bound.</param>
/// <param name="Labels">The container's labels that the operator asked to keep (--docker.container-labels), by name, their values bounded; null for none.</param>
internal sealed record RuntimeContainer(
    string Id,
    string Name,
    string Image,
    long Pid,
    DateTimeOffset? StartedAt,
    string NetworkMode,
    string ComposeProject,
    string ComposeService,
    ImmutableArray<RuntimeEndpoint> Endpoints,
    ImmutableArray<RuntimePort> PublishedPorts = default,
    int PublishedPortsLeftOut = 0,
    ImmutableDictionary<string, string>? Labels = null)
{
    public ImmutableArray<RuntimePort> PublishedPorts { get; init; } = PublishedPorts.IsDefault ? [] : PublishedPorts;

    /// <summary>What <see cref="NetworkMode"/> starts with for --network container:OTHER, before OTHER's id.</summary>
    public const string JoinPrefix = "container:";

    /// <summary>Set for --network container:OTHER, whose namespace belongs to OTHER.</summary>
    public bool JoinsAnotherNamespace => NetworkMode.StartsWith(JoinPrefix, StringComparison.Ordinal);

    public bool UsesHostNetwork => NetworkMode == "host";

    /// <summary>Equal in everything the topology is made from (records compare their ImmutableArrays by reference).</summary>
    public bool SameNetworking(RuntimeContainer other) =>
        Id == other.Id && Name == other.Name && Pid == other.Pid && StartedAt == other.StartedAt && NetworkMode == other.NetworkMode
        && Endpoints.SequenceEqual(other.Endpoints) && PublishedPorts.SequenceEqual(other.PublishedPorts);
}
