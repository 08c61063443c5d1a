namespace DockerNetExporter.Docker;

/// <summary>The Docker API calls discovery makes; the only way the exporter talks to Docker.</summary>
internal interface IDockerApi
{
    Task<IReadOnlyList<string>> ListRunningContainerIdsAsync(CancellationToken cancellationToken);

    /// <summary>The container if it exists and is running, else null.</summary>
    Task<DockerContainer?> InspectRunningContainerAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<DockerNetwork>> ListNetworksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Streams the events the exporter acts on to <paramref name="onEvent"/>, in order, until the
    /// stream ends (returns) or fails (throws).
    /// </summary>
    Task WatchEventsAsync(Action<DockerEvent> onEvent, CancellationToken cancellationToken);
}
