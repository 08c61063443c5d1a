using System.Text.Json.Serialization;

namespace DockerNetExporter.Docker;

/// <summary>
/// The JSON contract of one events-stream line, generated at build time: native AOT cannot bind
/// JSON by reflection. Docker spells its keys in several cases (Type, Action, Actor.ID), hence
/// case-insensitive names.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(EventMessage))]
internal sealed partial class DockerEventJson : JsonSerializerContext;

/// <summary>The fields of an events-stream object the exporter reads (Docker Engine API, GET /events).</summary>
internal sealed record EventMessage(string? Type, string? Action, EventActor? Actor);

internal sealed record EventActor(string? ID, Dictionary<string, string>? Attributes);
