using DockerNetExporter.Runtime;

namespace DockerNetExporter.Docker;

/// <summary>The Docker API calls discovery makes; the only way the exporter talks to Docker.</summary>
internal interface IDockerApi
{
    Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken);

    /// <summary>The container if it exists and is running, else null.</summary>
    Task<RuntimeContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<RuntimeNetwork>> ListNetworksAsync(CancellationToken cancellationToken);

    /// <summary>The network by id or name (network inspect), or null if there is none.</summary>
    Task<RuntimeNetwork?> InspectNetworkAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Opens the events stream (filtered to what discovery acts on); returns once dockerd has accepted it.</summary>
    Task<DockerEventStream> SubscribeEventsAsync(CancellationToken cancellationToken);
}
