using System.Text.RegularExpressions;
using DockerNetExporter.Hosting;

namespace DockerNetExporter.Tests.Hosting;

/// <summary>The tests are built from a git checkout (a clone in CI, a worktree here), so the build knows its commit.</summary>
public sealed class BuildRevisionTests
{
    [Fact]
    public void A_build_from_a_git_checkout_carries_its_full_commit()
    {
        Assert.Matches(new Regex("^[0-9a-f]{40}$"), ExporterApp.Revision);
        Assert.DoesNotContain('+', ExporterApp.Version);
    }
}
