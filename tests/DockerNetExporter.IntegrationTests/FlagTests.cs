using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>node_exporter's flags (issue 15, item 3), each tried on the executable as a user runs it.</summary>
public sealed class FlagTests
{
    [Fact]
    public async Task Version_prints_the_version_and_the_revision_and_exits_0()
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(new Regex(@"^docker-net-exporter, version \d+\.\d+\.\d+ \(revision: [0-9a-f]{40}\)$"), line);
    }
}
