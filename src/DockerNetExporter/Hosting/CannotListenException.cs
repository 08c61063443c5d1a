namespace DockerNetExporter.Hosting;

/// <summary>The address a flag names cannot be listened on (in use, not the host's, not allowed): the environment's failure, not the flag's syntax.</summary>
internal sealed class CannotListenException(string flag, string message) : Exception(message)
{
    public string Flag { get; } = flag;
}
