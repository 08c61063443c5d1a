namespace DockerNetExporter.Configuration;

/// <summary>A flag or setting with a value the exporter cannot use; the message names it.</summary>
internal sealed class InvalidFlagException(string flag, string message) : Exception(message)
{
    public string Flag { get; } = flag;
}
