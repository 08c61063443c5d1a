namespace DockerNetExporter.Docker;

/// <summary>The Docker API requests read differently from the rest, told by their path (with or without an API version prefix).</summary>
internal static class DockerPaths
{
    /// <summary>The container list, relative to the API's base address.</summary>
    public const string ContainerList = "containers/json";

    /// <summary>GET /events: a stream, never read whole.</summary>
    public static bool IsEvents(Uri? uri) => uri is not null && uri.AbsolutePath.EndsWith("/events", StringComparison.Ordinal);

    /// <summary>GET /containers/json: the one answer sized by the number of containers; only its ids are kept.</summary>
    public static bool IsContainerList(Uri? uri) => uri is not null && uri.AbsolutePath.EndsWith("/" + ContainerList, StringComparison.Ordinal);
}
