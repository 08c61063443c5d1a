using System.Text.RegularExpressions;
using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>Every flag is documented where an operator looks: the README's flags table and the systemd unit's environment file.</summary>
public sealed class FlagDocumentationTests
{
    public static TheoryData<string> Flags => [.. ExporterFlag.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Flags))]
    public void The_flag_has_a_row_in_the_README_flags_table_with_its_environment_variable(string name)
    {
        var flag = ExporterFlag.All.Single(f => f.Name == name);
        var readme = File.ReadAllText(System.IO.Path.Combine(FixtureTree.RepositoryRoot, "README.md"));
        var table = readme[readme.IndexOf("\n## Flags\n", StringComparison.Ordinal)..];

        var row = Regex.Match(table, $@"^\| `{Regex.Escape(flag.Name)}`[^\n]*$", RegexOptions.Multiline);

        Assert.True(row.Success, $"README's flags table has no row for {flag.Name}");
        Assert.Contains($"`{flag.EnvironmentVariable}`", row.Value, StringComparison.Ordinal);
        if (flag.IsSwitch)
        {
            Assert.Contains($"`--no-{flag.Name[2..]}`", row.Value, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void The_flag_is_in_the_systemd_environment_file_with_its_default(string name)
    {
        var flag = ExporterFlag.All.Single(f => f.Name == name);
        var lines = File.ReadAllLines(System.IO.Path.Combine(FixtureTree.RepositoryRoot, "deploy", "systemd", "docker-net-exporter.env"));

        Assert.Contains($"#{flag.EnvironmentVariable}={flag.DefaultValue}", lines);
    }
}
