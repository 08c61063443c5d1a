using System.Text.RegularExpressions;

namespace DockerNetExporter.Tests.Architecture;

/// <summary>
/// Which folders of src/DockerNetExporter each folder may use, read from the README's table
/// between <c>&lt;!-- folder rules --&gt;</c> and <c>&lt;!-- /folder rules --&gt;</c>: the rules the
/// architecture test enforces are the ones a newcomer reads. A row's first cell names the folder
/// (<c>./</c> for the project's root, <c>Program.cs</c> for the entry point), its last cell what it
/// may use: folders in backticks, <c>nothing</c>, or <c>everything</c>. Every folder may use the
/// root (<c>Log</c>, <c>Once</c>), which uses nothing.
/// </summary>
internal sealed partial class FolderRules
{
    public const string RootFolder = "./";

    private readonly Dictionary<string, HashSet<string>?> mayUse;

    private FolderRules(Dictionary<string, HashSet<string>?> mayUse) => this.mayUse = mayUse;

    public IEnumerable<string> Folders => mayUse.Keys;

    /// <summary>Every arrow the table draws, from a folder to one it may use (not those of "everything").</summary>
    public IEnumerable<(string From, string To)> Arrows =>
        mayUse.Where(rule => rule.Value is not null).SelectMany(rule => rule.Value!.Select(to => (rule.Key, to)));

    public static FolderRules FromReadme(string readmeText)
    {
        var start = readmeText.IndexOf("<!-- folder rules -->", StringComparison.Ordinal);
        var end = readmeText.IndexOf("<!-- /folder rules -->", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException("README.md has no <!-- folder rules --> ... <!-- /folder rules --> table");
        }

        var rules = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var line in readmeText[start..end].Split('\n'))
        {
            var cells = line.Trim().Trim('|').Split('|');
            if (cells.Length < 3 || Backticked(cells[0]) is not [var folder, ..])
            {
                continue;
            }

            var allowed = cells[^1].Trim();
            rules.Add(folder, allowed == "everything" ? null : [.. Backticked(allowed)]);
        }

        return new FolderRules(rules);
    }

    /// <summary>The same rules less one arrow.</summary>
    public FolderRules Without(string from, string to) =>
        new(mayUse.ToDictionary(r => r.Key, r => r.Key == from && r.Value is not null ? r.Value.Where(f => f != to).ToHashSet() : r.Value, StringComparer.Ordinal));

    public bool Allows(string from, string to) =>
        to == RootFolder || (mayUse.TryGetValue(from, out var allowed) && (allowed is null || allowed.Contains(to)));

    /// <summary>A cycle among the arrows, as a path that ends where it began, or null.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        var path = new List<string>();
        foreach (var folder in mayUse.Keys.Where(f => mayUse[f] is not null))
        {
            if (Visit(folder) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string folder)
        {
            if (state.TryGetValue(folder, out var done))
            {
                return done ? null : [.. path.SkipWhile(f => f != folder), folder];
            }

            state[folder] = false;
            path.Add(folder);
            foreach (var next in mayUse.GetValueOrDefault(folder) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = true;
            return null;
        }
    }

    private static List<string> Backticked(string cell) => [.. BacktickedText().Matches(cell).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedText();
}
