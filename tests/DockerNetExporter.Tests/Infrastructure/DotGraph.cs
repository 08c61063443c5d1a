using System.Text;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// A DOT graph read back as Graphviz's grammar reads it (graphviz.org/doc/info/lang.html), for the
/// statements TopologyDot writes: subgraphs, <c>ID = value</c>, <c>graph|node|edge [...]</c>, nodes and
/// edges with attributes. Quoted strings are read as a label shows them: <c>\"</c>, <c>\\</c>,
/// <c>\n</c> a line break, then HTML entities decoded, as Graphviz decodes them in any label. Anything
/// else, say a statement a name wrote, is an error or a node of its own.
/// </summary>
internal sealed class DotGraph
{
    public Dictionary<string, DotNode> Nodes { get; } = new(StringComparer.Ordinal);

    public List<DotEdge> Edges { get; } = [];

    /// <summary>Each subgraph's own attributes (its label), by id.</summary>
    public Dictionary<string, Dictionary<string, string>> Subgraphs { get; } = new(StringComparer.Ordinal);

    public static DotGraph Parse(string dot)
    {
        var graph = new DotGraph();
        var tokens = new Queue<string>(Tokens(dot));
        Expect(tokens, "digraph");
        tokens.Dequeue();
        Expect(tokens, "{");
        graph.Statements(tokens, "");
        Assert.Empty(tokens);
        return graph;
    }

    /// <summary>The text with every quoted string made empty: what the statements are, whatever the names.</summary>
    public static string Skeleton(string dot) =>
        string.Concat(Tokens(dot).Select(t => t.StartsWith('\u0001') ? "\"\"" : t + " "));

    private void Statements(Queue<string> tokens, string subgraph)
    {
        while (tokens.Peek() != "}")
        {
            var first = Unquote(tokens.Dequeue());
            if (first == "subgraph")
            {
                var id = Unquote(tokens.Dequeue());
                Subgraphs[id] = new(StringComparer.Ordinal);
                Expect(tokens, "{");
                Statements(tokens, id);
            }
            else if (tokens.Peek() == "=")
            {
                tokens.Dequeue();
                Subgraphs.GetValueOrDefault(subgraph, [])[first] = Unquote(tokens.Dequeue());
                Expect(tokens, ";");
            }
            else if (tokens.Peek() == "->")
            {
                tokens.Dequeue();
                Edges.Add(new DotEdge(first, Unquote(tokens.Dequeue()), Attributes(tokens)));
                Expect(tokens, ";");
            }
            else
            {
                var attributes = Attributes(tokens);
                if (first is not ("graph" or "node" or "edge"))
                {
                    Nodes.Add(first, new DotNode(first, subgraph, attributes));
                }

                Expect(tokens, ";");
            }
        }

        tokens.Dequeue();
    }

    private static Dictionary<string, string> Attributes(Queue<string> tokens)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tokens.Peek() != "[")
        {
            return attributes;
        }

        tokens.Dequeue();
        while (tokens.Peek() != "]")
        {
            var key = Unquote(tokens.Dequeue());
            Expect(tokens, "=");
            attributes.Add(key, Unquote(tokens.Dequeue()));
            if (tokens.Peek() == ",")
            {
                tokens.Dequeue();
            }
        }

        tokens.Dequeue();
        return attributes;
    }

    private static void Expect(Queue<string> tokens, string token) => Assert.Equal(token, tokens.Dequeue());

    /// <summary>A quoted string's token starts with U+0001 and holds its shown text; an id is itself.</summary>
    private static string Unquote(string token) => token.StartsWith('\u0001') ? System.Net.WebUtility.HtmlDecode(token[1..]) : token;

    private static IEnumerable<string> Tokens(string dot)
    {
        for (var i = 0; i < dot.Length;)
        {
            var c = dot[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var text = new StringBuilder("\u0001");
                for (i++; dot[i] != '"'; i++)
                {
                    if (dot[i] == '\\')
                    {
                        i++;
                        text.Append(dot[i] == 'n' ? '\n' : dot[i]);
                    }
                    else
                    {
                        text.Append(dot[i]);
                    }
                }

                i++;
                yield return text.ToString();
            }
            else if (dot.AsSpan(i).StartsWith("->"))
            {
                i += 2;
                yield return "->";
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            {
                var start = i;
                while (char.IsAsciiLetterOrDigit(dot[i]) || dot[i] is '_' or '.')
                {
                    i++;
                }

                yield return dot[start..i];
            }
            else
            {
                Assert.Contains(c, "{}[]=;,");
                i++;
                yield return c.ToString();
            }
        }
    }
}

/// <param name="Subgraph">The subgraph that holds it, or empty for the graph itself.</param>
internal sealed record DotNode(string Id, string Subgraph, Dictionary<string, string> Attributes)
{
    public string Label => Attributes["label"];
}

internal sealed record DotEdge(string From, string To, Dictionary<string, string> Attributes)
{
    public string Label => Attributes["label"];

    public string? Colour => Attributes.GetValueOrDefault("color");
}
