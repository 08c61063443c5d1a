using System.Text.RegularExpressions;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Tests.Topology;

public sealed class ContainerFilterTests
{
    private static readonly TopologySnapshot Snapshot = new(
        [Node("web-1"), Node("web-2"), Node("db"), Node("webhook-relay")], [], null);

    private static ContainerNode Node(string name) => new("id-" + name, name, null, null, null, null, null, [], []);

    private static string[] Kept(string? include, string? exclude) =>
        [.. new ContainerFilter(Pattern(include), Pattern(exclude)).Apply(Snapshot, _ => Assert.Fail("no match times out")).Containers.Select(c => c.Name)];

    private static Regex? Pattern(string? text) => text is null ? null : new Regex(text, RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(null, null, "web-1 web-2 db webhook-relay")]
    [InlineData("web", null, "web-1 web-2 webhook-relay")] // anywhere in the name, as node_exporter's device filters
    [InlineData("^web-[0-9]+$", null, "web-1 web-2")]
    [InlineData(null, "^db$", "web-1 web-2 webhook-relay")]
    [InlineData("web", "relay", "web-1 web-2")]
    [InlineData("web", "web", "")] // the exclusion wins
    [InlineData("^nothing$", null, "")]
    public void Include_keeps_what_it_matches_and_exclude_leaves_out_what_it_matches(string? include, string? exclude, string kept)
    {
        Assert.Equal(kept.Split(' ', StringSplitOptions.RemoveEmptyEntries), Kept(include, exclude));
    }

    [Fact]
    public void No_filter_returns_the_snapshot_itself()
    {
        Assert.Same(Snapshot, ContainerFilter.None.Apply(Snapshot, _ => { }));
    }

    /// <summary>A name no one could judge in time is left out and told, never served by default.</summary>
    [Fact]
    public void A_name_whose_match_times_out_is_left_out_and_told()
    {
        var longName = new string('a', 1_000_000) + "b";
        var snapshot = new TopologySnapshot([Node("web-1"), Node(longName)], [], null);
        var timedOut = new List<string>();
        var filter = new ContainerFilter(null, new Regex("(a|aa)*c", RegexOptions.NonBacktracking, TimeSpan.FromTicks(1)));

        var kept = filter.Apply(snapshot, timedOut.Add);

        Assert.Equal([longName], timedOut);
        Assert.DoesNotContain(kept.Containers, c => c.Name == longName);
    }
}
