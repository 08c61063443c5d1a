using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Architecture;

/// <summary>
/// The folders of src/DockerNetExporter use one another only as the README's "How it works" table
/// allows, and that table draws no cycle: data flows one way, discover → map → snapshot → read
/// counters at scrape → expose. Checked on the compiled exporter, so a use the compiler made (a
/// lambda's closure, an async state machine) counts as well as one written.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly FolderRules Rules = FolderRules.FromReadme(File.ReadAllText(Path.Combine(FixtureTree.RepositoryRoot, "README.md")));

    private static readonly IReadOnlyList<FolderReference> References = TypeReferences.Across(typeof(Log).Assembly.Location);

    [Fact]
    public void Every_folder_uses_only_the_folders_the_readme_allows()
    {
        var forbidden = References.Where(r => !Rules.Allows(r.From, r.To)).Select(r => r.ToString()).ToList();
        Assert.True(forbidden.Count == 0, "Uses the README's folder rules do not allow:\n" + string.Join('\n', forbidden));
    }

    [Fact]
    public void The_rules_draw_no_cycle()
    {
        Assert.Null(Rules.FindCycle());
    }

    [Fact]
    public void Every_arrow_of_the_rules_is_one_the_code_needs()
    {
        // Each arrow taken away must leave a use the rules then forbid: the table says no more
        // than the code does, and the check above can fail.
        var unneeded = Rules.Arrows
            .Where(arrow => !References.Any(r => !Rules.Without(arrow.From, arrow.To).Allows(r.From, r.To)))
            .Select(arrow => $"{arrow.From} -> {arrow.To}")
            .ToList();
        Assert.True(unneeded.Count == 0, "Arrows no code uses:\n" + string.Join('\n', unneeded));
    }

    [Fact]
    public void Every_folder_of_the_code_has_a_rule_and_every_rule_a_folder()
    {
        var inCode = typeof(Log).Assembly.GetTypes()
            .Select(t => TypeReferences.FolderOf(new Mono.Cecil.TypeReference(t.Namespace ?? "", t.Name, null, null)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(inCode.Order(StringComparer.Ordinal), Rules.Folders.Order(StringComparer.Ordinal));
    }
}
