namespace DockerNetExporter.Configuration;

/// <summary>
/// The form a topology report is given in: <c>topology --output=</c> and <c>?format=</c> of
/// /topology, one set of names for both.
/// </summary>
internal enum TopologyOutput
{
    /// <summary>Aligned plain text for a terminal.</summary>
    Text,

    /// <summary>JSON with snake_case keys, for scripts.</summary>
    Json,

    /// <summary>Graphviz DOT, for <c>dot -Tsvg</c> and a picture in a ticket.</summary>
    Dot,
}

/// <summary>Reads a <see cref="TopologyOutput"/> by its lower-case name.</summary>
internal static class TopologyOutputs
{
    public const string Wanted = "text, json or dot";

    public static bool TryParse(string text, out TopologyOutput output)
    {
        (var known, output) = text switch
        {
            "text" => (true, TopologyOutput.Text),
            "json" => (true, TopologyOutput.Json),
            "dot" => (true, TopologyOutput.Dot),
            _ => (false, default(TopologyOutput)),
        };
        return known;
    }
}
