namespace DockerNetExporter.Docker;

/// <summary>
/// The events stream can no longer be trusted to announce every change: it closed soon after it
/// opened, or a resync found a change it never announced. The session starts again.
/// </summary>
internal sealed class DockerEventsLostException(string message) : IOException(message);
