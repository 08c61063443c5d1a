using System.Globalization;
using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The whole /metrics text of Fixtures/docker-host against Golden/metrics.prom, a file written by
/// hand from the fixture's values (see Fixtures/README.md). promtool checks it in the test script.
/// </summary>
public sealed class GoldenExpositionTests
{
    private const string DurationFamily = "dockernet_scrape_duration_seconds";

    /// <summary>
    /// What may differ between two correct scrapes: the scrape duration's value, and the order of
    /// families and of series within a family (prometheus-net keeps both in concurrent dictionaries,
    /// keyed by strings whose hash is randomized per process). Families are sorted by name, series
    /// by their line; the duration becomes 0.
    /// </summary>
    internal static string Normalise(string exposition)
    {
        var families = new List<(string Name, List<string> Header, List<string> Samples)>();
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                families.Add((line.Split(' ')[2], [line], []));
            }
            else if (line.StartsWith('#'))
            {
                Assert.NotEmpty(families);
                families[^1].Header.Add(line);
            }
            else
            {
                Assert.NotEmpty(families);
                var sample = line;
                if (line.StartsWith(DurationFamily + " ", StringComparison.Ordinal))
                {
                    var value = double.Parse(line[(DurationFamily.Length + 1)..], CultureInfo.InvariantCulture);
                    Assert.InRange(value, 0, 5); // it is measured, but it must be a plausible number of seconds
                    sample = DurationFamily + " 0";
                }

                families[^1].Samples.Add(sample);
            }
        }

        var lines = new List<string>();
        foreach (var (_, header, samples) in families.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            lines.AddRange(header);
            lines.AddRange(samples.Order(StringComparer.Ordinal));
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Both counter sources give the same text: the fixture's proc/1/net/dev holds what its sysfs statistics hold.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_docker_host_scenario_exposes_exactly_the_golden_file(bool fromProcNetDev)
    {
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture, fromProcNetDev ? CounterSource.ProcNetDev : CounterSource.Sysfs);
        pipeline.Health.MarkUp();
        pipeline.Publish(DockerHostScenario.Inventory());

        var actual = Normalise(await pipeline.ScrapeTextAsync());

        var golden = await File.ReadAllTextAsync(Path.Combine(FixtureTree.GoldenRoot, "metrics.prom"));
        AssertSameLines(golden, actual);
    }

    private static void AssertSameLines(string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var missing = expectedLines.Except(actualLines, StringComparer.Ordinal).Select(l => "- " + l);
        var extra = actualLines.Except(expectedLines, StringComparer.Ordinal).Select(l => "+ " + l);
        Assert.Fail(
            "The exposition differs from Golden/metrics.prom (- golden only, + scrape only; an empty list means only the order differs):\n"
            + string.Join('\n', missing.Concat(extra)) + "\n\nWhole normalised scrape:\n" + actual);
    }

    [Fact]
    public void The_golden_file_is_itself_normalised()
    {
        // So that a hand edit that breaks the order is caught here rather than as a confusing diff above.
        var golden = File.ReadAllText(Path.Combine(FixtureTree.GoldenRoot, "metrics.prom"));

        Assert.Equal(golden, Normalise(golden));
    }

    [Fact]
    public async Task A_second_scrape_exposes_the_same_text()
    {
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture);
        pipeline.Publish(DockerHostScenario.Inventory());

        var first = Normalise(await pipeline.ScrapeTextAsync());
        var second = Normalise(await pipeline.ScrapeTextAsync());

        Assert.Equal(first, second);
    }
}
