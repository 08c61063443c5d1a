namespace DockerNetExporter.Configuration;

/// <summary>
/// Parses <c>--flag=value</c> and <c>--flag value</c> into configuration keys. Unknown flags are
/// errors: a typo must not silently fall back to a default.
/// </summary>
internal sealed record CommandLine(IReadOnlyDictionary<string, string> Values, bool ShowHelp, bool ShowVersion)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool help = false, version = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (arg == "--version")
            {
                version = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var flag = ExporterFlag.All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
                ?? throw new InvalidFlagException(name, $"unknown flag \"{name}\" (see --help)");
            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new InvalidFlagException(name, $"flag {name} needs a value");
            }

            values[flag.ConfigKey] = value;
        }

        return new CommandLine(values, help, version);
    }

    public static string Usage()
    {
        var lines = new List<string> { "Usage: DockerNetExporter [flags]", "", "Flags (each also settable by environment variable or appsettings.json):" };
        foreach (var flag in ExporterFlag.All)
        {
            var shownDefault = flag.DefaultValue.Length == 0 ? "" : $" (default \"{flag.DefaultValue}\")";
            lines.Add($"  {flag.Name}=VALUE{shownDefault}");
            lines.Add($"      {flag.Help}");
            lines.Add($"      env {flag.EnvironmentVariable}, appsettings {flag.ConfigKey}");
        }

        lines.Add("  --help, --version");
        return string.Join(Environment.NewLine, lines);
    }
}
