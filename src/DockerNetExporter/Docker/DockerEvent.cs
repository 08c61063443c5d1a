namespace DockerNetExporter.Docker;

/// <summary>
/// A Docker event the exporter acts on. For container events ActorId is the container; for
/// network connect/disconnect, Container is the container attached or detached.
/// </summary>
internal sealed record DockerEvent(string Type, string Action, string ActorId, string? Container);
