namespace DockerNetExporter.Docker;

/// <summary>
/// An answer of the Docker API (a body, an events line) over one of <see cref="DockerLimits"/>.
/// Not an <see cref="IOException"/>: it is not retried at once, the session's backoff applies.
/// </summary>
internal sealed class DockerAnswerTooLargeException(string message) : Exception(message);
