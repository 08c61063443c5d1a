using System.Text.Json;
using System.Text.RegularExpressions;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The committed dashboard's queries, with its variables and Grafana's rate interval put in as a test's Prometheus runs them.</summary>
internal static partial class DashboardQueries
{
    /// <summary>What the "All" of a multi-select variable stands for, as the dashboard's allValue says.</summary>
    public const string All = ".+";

    public static JsonElement Dashboard() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("grafana", "dashboards", "dockernet.json"))).RootElement;

    [GeneratedRegex(@"^label_values\((.+),\s*\w+\)$")]
    private static partial Regex LabelValues();

    /// <summary>Every panel's query, and every query variable's series selector, as (panel or "variable NAME", expression).</summary>
    public static IReadOnlyList<(string Panel, string Expr)> Queries()
    {
        var dashboard = Dashboard();
        return [.. dashboard.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
            .Concat(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
                .Where(v => v.GetProperty("type").GetString() == "query")
                .Select(v => ("variable " + v.GetProperty("name").GetString(), LabelValues().Match(v.GetProperty("definition").GetString()!).Groups[1].Value)))];
    }

    /// <param name="instance">What the Hosts variable ($instance) stands for: a host, or <see cref="All"/>.</param>
    /// <param name="nodeInstance">The node graph's one host ($node_instance), never a regular expression.</param>
    public static string Substitute(string expr, string instance, string nodeInstance) =>
        new[] { ("$__rate_interval", "30s"), ("$job", All), ("$node_instance", nodeInstance), ("$instance", instance), ("$container", All) }
            .Aggregate(expr, (q, v) => q.Replace(v.Item1, v.Item2, StringComparison.Ordinal));

    /// <summary>The node graph's query of <paramref name="refId"/> (nodes or edges), ready to run for the host <paramref name="nodeInstance"/>.</summary>
    public static string NodeGraph(string refId, string nodeInstance) => Substitute(Dashboard().GetProperty("panels").EnumerateArray()
        .Single(p => p.GetProperty("type").GetString() == "nodeGraph")
        .GetProperty("targets").EnumerateArray()
        .Single(t => t.GetProperty("refId").GetString() == refId)
        .GetProperty("expr").GetString()!, All, nodeInstance);
}
