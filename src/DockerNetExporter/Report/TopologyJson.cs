using System.Text.Json.Serialization;

namespace DockerNetExporter.Report;

/// <summary>The JSON form of <see cref="TopologyReport"/> (snake_case keys), generated at build time for native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(TopologyReport))]
internal sealed partial class TopologyJson : JsonSerializerContext;
