using System.Text;

namespace DockerNetExporter.Report;

/// <summary>
/// A Graphviz label as a DOT quoted string, made of lines that come from Docker and the kernel and
/// so may hold anything. Within a quoted string DOT ends the string at an unescaped <c>"</c>, and a
/// label reads <c>\</c> as an escape (<c>\n</c>, <c>\N</c> the node's id, <c>\G</c> the graph's; a
/// backslash before a line break joins the lines): both are escaped, so that no text can close the
/// string and write statements of its own, or change what the label shows. Graphviz also reads
/// HTML entities in any label (<c>&amp;lt;</c> shows as <c>&lt;</c>), so <c>&amp;</c> is written as one. A
/// control character (a line break in a name, say) shows as U+FFFD (<see cref="Printable"/>) rather
/// than breaking the label's lines: only the lines given break it. No HTML-like label is made, so <c>&lt;</c> and <c>&gt;</c>
/// are plain text.
/// </summary>
internal static class DotLabel
{
    public static string Of(params IEnumerable<string> lines)
    {
        var label = new StringBuilder().Append('"');
        var first = true;
        foreach (var line in lines)
        {
            label.Append(first ? "" : "\\n");
            first = false;
            foreach (var c in Printable.Of(line))
            {
                _ = c switch
                {
                    '"' => label.Append("\\\""),
                    '\\' => label.Append("\\\\"),
                    '&' => label.Append("&amp;"),
                    _ => label.Append(c),
                };
            }
        }

        return label.Append('"').ToString();
    }
}
