namespace DockerNetExporter.Configuration;

/// <summary>
/// Parses <c>--flag=value</c> and <c>--flag value</c> into configuration keys, and the one command,
/// <c>healthcheck</c>. Unknown flags are errors: a typo must not silently fall back to a default.
/// </summary>
internal sealed record CommandLine(IReadOnlyDictionary<string, string> Values, bool ShowHelp, bool ShowVersion, bool HealthCheck)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool help = false, version = false, healthCheck = false;
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

            if (arg == "healthcheck" && i == 0)
            {
                healthCheck = true;
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

        return new CommandLine(values, help, version, healthCheck);
    }

    public static string Usage()
    {
        var lines = new List<string>
        {
            "Usage: DockerNetExporter [flags]             serve /metrics",
            "       DockerNetExporter healthcheck [flags]  exit 0 if the exporter at --web.listen-address answers /healthz",
            "",
            "Flags (each also settable by environment variable or appsettings.json):",
        };
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
