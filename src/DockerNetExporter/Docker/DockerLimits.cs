namespace DockerNetExporter.Docker;

/// <summary>
/// How much the exporter reads of what the Docker API sends, so that a hostile or broken daemon or
/// socket proxy cannot make it hold more than a bounded amount of memory. Each figure fits 5,000
/// running containers with room to spare (README, "Limits"; measured on Docker 20.10: a container
/// list entry of a Compose service on two networks is 1.9 KB, its inspect 5.2 KB and 456 JSON
/// tokens, a network's entry in a network inspect about 300 bytes). Anything over a limit is
/// dropped unread, counted (dockernet_docker_errors_total{reason="too_large"}) and logged, and
/// the session starts again.
/// </summary>
internal static class DockerLimits
{
    /// <summary>
    /// The container list: 5,000 entries of 1.9 KB take 9.7 MB. It is read as it streams and only
    /// the ids are kept (<see cref="ContainerIds"/>), so this bounds the time spent reading, not memory.
    /// </summary>
    public const long ContainerListBytes = 32L << 20;

    /// <summary>The containers one list may name (4 times the 5,000 it is sized for); each is inspected.</summary>
    public const int ListedContainers = 20_000;

    /// <summary>One JSON token of the container list (a label's value, say; Docker's are a few KB at most): the one buffer it is read through.</summary>
    public const int ContainerListTokenBytes = 1 << 20;

    /// <summary>Every other answer (an inspect, the network list): a network inspect naming 5,000 containers takes 1.5 MB.</summary>
    public const long AnswerBytes = 4L << 20;

    /// <summary>
    /// The JSON tokens of every other answer, which Docker.DotNet turns into objects: a few hundred
    /// bytes each at worst (an empty object where a container is expected), so tokens bound the
    /// memory those answers take, not bytes alone.
    /// </summary>
    public const int AnswerJsonTokens = 256 * 1024;

    /// <summary>One events line: an event carries the container's labels, a few KB; 1 MiB is far beyond.</summary>
    public const int EventLineBytes = 1 << 20;

    /// <summary>An answer's headers, in KiB (SocketsHttpHandler's default, stated).</summary>
    public const int HeadersKib = 64;

    /// <summary>
    /// Connections to the API at once: discovery inspects 4 containers at a time beside the events
    /// stream; the rest wait for one. Each is a descriptor of the open-file reserve (Kernel/OpenFileBudget).
    /// </summary>
    public const int Connections = 8;

    /// <summary>
    /// What one container may keep, in characters: its name, image, network mode, Compose labels and
    /// endpoints (a Compose service on ten networks keeps about 2,000). With <see cref="ContainerEndpoints"/>
    /// it bounds the inventory at <see cref="ListedContainers"/> containers to about 460 MB, and at
    /// the 5,000 sized for to a quarter of that, however long the strings an inspect may carry within its 4 MiB.
    /// </summary>
    public const int ContainerKeptChars = 8 * 1024;

    /// <summary>
    /// A kept label's value (--docker.container-labels), in characters; longer ones are cut. Not in
    /// <see cref="ContainerKeptChars"/>, so that kept labels never make a container too large: at
    /// most 16 labels of this, 4,096 characters more per container.
    /// </summary>
    public const int LabelValueChars = 256;

    /// <summary>The networks one container may be on (Docker sets no limit; 64 is far past any seen).</summary>
    public const int ContainerEndpoints = 64;

    /// <summary>
    /// The published ports one container may keep (each a series of dockernet_container_published_port_info).
    /// A range (-p 10000-10100:10000-10100) is a binding per port and address; past 64, the lowest
    /// are kept. Each takes under 200 bytes (its host address at most 45 characters), so 13 KB per
    /// container at most, beside <see cref="ContainerKeptChars"/>.
    /// </summary>
    public const int ContainerPublishedPorts = 64;

    /// <summary>The longest container or network id taken from the API (Docker's are 64 hex digits).</summary>
    public const int IdChars = 128;
}
