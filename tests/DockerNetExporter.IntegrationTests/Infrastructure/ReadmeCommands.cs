namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The shell blocks of a README section, line by line, so that a test runs what the README tells an operator to.</summary>
internal static class ReadmeCommands
{
    /// <summary>Each ```sh block between the heading and the next heading of its level or higher, its lines in order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Blocks(string heading)
    {
        var lines = File.ReadAllLines(RepositoryFiles.Path("README.md"));
        var start = Array.IndexOf(lines, heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no heading \"{heading}\"");
        }

        var level = heading.TakeWhile(c => c == '#').Count();
        var blocks = new List<IReadOnlyList<string>>();
        List<string>? block = null;
        foreach (var line in lines.Skip(start + 1))
        {
            if (block is null && line.StartsWith('#') && line.TakeWhile(c => c == '#').Count() <= level)
            {
                break;
            }

            if (block is null && line == "```sh")
            {
                block = [];
            }
            else if (block is not null && line == "```")
            {
                blocks.Add(block);
                block = null;
            }
            else
            {
                block?.Add(line);
            }
        }

        return blocks;
    }

    /// <summary>The line as root runs it: without its sudo prefixes.</summary>
    public static string AsRoot(string line) => line.Replace("sudo ", "", StringComparison.Ordinal);
}
