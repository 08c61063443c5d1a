namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The [Service] settings of a unit file, read as systemd reads them (systemd.syntax(7)): a list
/// setting given twice adds to itself, and an empty assignment resets it. For tests that run the
/// exporter with what the shipped unit grants, taken from the file rather than copied.
/// </summary>
internal sealed class SystemdUnitFile
{
    private readonly List<(string Key, string Value)> service;

    private SystemdUnitFile(List<(string Key, string Value)> service)
    {
        this.service = service;
    }

    /// <summary>deploy/systemd/docker-net-exporter.service as shipped.</summary>
    public static SystemdUnitFile Shipped { get; } = Read(RepositoryFiles.Path("deploy", "systemd", "docker-net-exporter.service"));

    public static SystemdUnitFile Read(string path)
    {
        var section = "";
        var service = new List<(string, string)>();
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line;
            }
            else if (section == "[Service]" && line.Length > 0 && line[0] is not ('#' or ';') && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
            {
                service.Add((line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }
        }

        return new SystemdUnitFile(service);
    }

    /// <summary>The last value of a single-valued setting (User=), or null if it is not set.</summary>
    public string? Value(string key) => service.LastOrDefault(s => s.Key == key).Value;

    /// <summary>The words of a list setting (SupplementaryGroups=, AmbientCapabilities=), all its assignments since the last empty one.</summary>
    public IReadOnlyList<string> Words(string key)
    {
        var words = new List<string>();
        foreach (var (_, value) in service.Where(s => s.Key == key))
        {
            if (value.Length == 0)
            {
                words.Clear();
            }

            words.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return words;
    }
}
