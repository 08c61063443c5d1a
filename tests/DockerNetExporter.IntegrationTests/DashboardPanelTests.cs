using System.Text.Json;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The committed dashboard as Grafana reads it, without Grafana: every figure has a unit, a number
/// that means a state says which, and the variables let a fleet be chosen host by host.
/// </summary>
public sealed class DashboardPanelTests
{
    private static readonly JsonElement Dashboard = DashboardQueries.Dashboard();

    private static IEnumerable<JsonElement> Panels => Dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    private static JsonElement Panel(string title) => Panels.Single(p => p.GetProperty("title").GetString() == title);

    [Fact]
    public void Every_panel_has_a_unit()
    {
        Assert.All(Panels, panel => Assert.False(
            string.IsNullOrEmpty(panel.GetProperty("type").GetString() == "nodeGraph"
                ? panel.GetProperty("options").GetProperty("nodes").GetProperty("mainStatUnit").GetString()
                : panel.TryGetProperty("fieldConfig", out var field) && field.GetProperty("defaults").TryGetProperty("unit", out var unit) ? unit.GetString() : null),
            $"panel \"{panel.GetProperty("title").GetString()}\" has no unit"));
    }

    [Theory]
    [InlineData("Docker API", "Up", "Down")]
    [InlineData("Interface state", "Up", "Down")]
    [InlineData("Default gateway on the bridge", "the bridge", "not the bridge")]
    public void A_state_is_shown_by_name(string title, string one, string zero)
    {
        var mapping = Panel(title).GetProperty("fieldConfig").GetProperty("defaults").GetProperty("mappings").EnumerateArray()
            .Single(m => m.GetProperty("type").GetString() == "value").GetProperty("options");
        Assert.Equal((one, zero), (mapping.GetProperty("1").GetProperty("text").GetString(), mapping.GetProperty("0").GetProperty("text").GetString()));
    }

    [Fact]
    public void Since_last_sync_turns_red_at_the_stale_alerts_threshold()
    {
        var steps = Panel("Since last sync").GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("color").GetString(), s.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : s.GetProperty("value").GetDouble()));

        // DockerNetTopologyStale: time() - dockernet_topology_last_sync_timestamp_seconds > 900.
        Assert.Equal([("green", null), ("orange", 300), ("red", 900)], steps);
    }

    [Fact]
    public void Hosts_are_chosen_many_at_once_and_the_topology_one()
    {
        var variables = Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.All(new[] { "job", "instance", "container" }, name => Assert.Equal(
            (true, true, DashboardQueries.All),
            (variables[name].GetProperty("multi").GetBoolean(), variables[name].GetProperty("includeAll").GetBoolean(), variables[name].GetProperty("allValue").GetString())));
        Assert.Equal((false, false), (variables["node_instance"].GetProperty("multi").GetBoolean(), variables["node_instance"].GetProperty("includeAll").GetBoolean()));
    }
}
