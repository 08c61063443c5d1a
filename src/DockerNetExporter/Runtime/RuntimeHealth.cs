namespace DockerNetExporter.Runtime;

/// <summary>
/// Whether the container runtime's API (Docker's) answered the last time discovery asked. Written by
/// the API client, read by the scrape as dockernet_docker_up. Starts unknown, so the first state is logged too.
/// </summary>
internal sealed class RuntimeHealth
{
    private const int Unknown = -1;
    private int up = Unknown;

    public bool IsUp => Volatile.Read(ref up) == 1;

    /// <summary>Records a successful sync; true if Docker was down (or unknown) before.</summary>
    public bool MarkUp() => Interlocked.Exchange(ref up, 1) != 1;

    /// <summary>Records a failure; true if Docker was up (or unknown) before, so the change is logged once, not per retry.</summary>
    public bool MarkDown() => Interlocked.Exchange(ref up, 0) != 0;
}
