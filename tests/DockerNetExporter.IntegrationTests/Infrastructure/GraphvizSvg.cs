using System.Xml;
using System.Xml.Linq;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A DOT graph rendered by Debian's Graphviz (<c>dot -Tsvg</c>, tests/prepare-host.sh installs it),
/// read back as what a person sees: each node, edge and cluster is a &lt;g&gt; of its class holding a
/// &lt;title&gt; (its DOT id) and a &lt;text&gt; per label line. The DOT and the SVG are kept in
/// artifacts/topology-dot/ for a look (docs/topology.svg came from there).
/// </summary>
internal sealed class GraphvizSvg(XDocument svg)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Every element's name, the &lt;svg&gt; itself included: what Graphviz drew with.</summary>
    public IEnumerable<string> ElementNames => svg.Descendants().Select(e => e.Name.LocalName).Distinct(StringComparer.Ordinal);

    /// <summary>The DOT ids of every node, edge (FROM-&gt;TO) and cluster.</summary>
    public IEnumerable<string> Titles => svg.Descendants(Svg + "title").Select(t => t.Value);

    public static async Task<GraphvizSvg> RenderAsync(string dot, string name)
    {
        var directory = RepositoryFiles.Path("artifacts", "topology-dot");
        Directory.CreateDirectory(directory);
        var dotFile = Path.Combine(directory, name + ".dot");
        var svgFile = Path.Combine(directory, name + ".svg");
        await File.WriteAllTextAsync(dotFile, dot);
        var (exitCode, _, stderr) = await Shell.RunAsync("dot", ["-Tsvg", "-o", svgFile, dotFile]);
        Assert.True(exitCode == 0 && stderr.Length == 0, $"dot -Tsvg {dotFile}: exit {exitCode}, {stderr}");

        // Graphviz's DOCTYPE names the SVG 1.1 DTD by URL: not fetched.
        using var reader = XmlReader.Create(svgFile, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        return new GraphvizSvg(XDocument.Load(reader));
    }

    /// <summary>The label lines of the node, edge or cluster with this DOT id.</summary>
    public List<string> Lines(string title) => [.. Group(title).Elements(Svg + "text").Select(t => t.Value)];

    /// <summary>The DOT id of the one node, edge or cluster of this class whose label's first line is <paramref name="firstLine"/>.</summary>
    public string TitleOf(string kind, string firstLine) =>
        Assert.Single(Groups(kind), g => g.Elements(Svg + "text").FirstOrDefault()?.Value == firstLine).Element(Svg + "title")!.Value;

    /// <summary>The stroke colour of an edge's line.</summary>
    public string Stroke(string title) => Group(title).Element(Svg + "path")!.Attribute("stroke")!.Value;

    private IEnumerable<XElement> Groups(string kind) => svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == kind);

    private XElement Group(string title) => Assert.Single(svg.Descendants(Svg + "g"), g => g.Element(Svg + "title")?.Value == title);
}
