using System.Text.Json;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The committed dashboard's queries, with its variables and Grafana's rate interval put in as a test's Prometheus runs them.</summary>
internal static class DashboardQueries
{
    /// <summary>What the dashboard's variables and Grafana's rate interval stand for in these queries.</summary>
    private static readonly (string Variable, string Value)[] Variables =
        [("$__rate_interval", "30s"), ("$instance", ".+"), ("$container", ".+")];

    public static JsonElement Dashboard() =>
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("grafana", "dashboards", "dockernet.json"))).RootElement;

    public static string Substitute(string expr) => Variables.Aggregate(expr, (q, v) => q.Replace(v.Variable, v.Value, StringComparison.Ordinal));

    /// <summary>The node graph's query of <paramref name="refId"/> (nodes or edges), ready to run.</summary>
    public static string NodeGraph(string refId) => Substitute(Dashboard().GetProperty("panels").EnumerateArray()
        .Single(p => p.GetProperty("type").GetString() == "nodeGraph")
        .GetProperty("targets").EnumerateArray()
        .Single(t => t.GetProperty("refId").GetString() == refId)
        .GetProperty("expr").GetString()!);
}
