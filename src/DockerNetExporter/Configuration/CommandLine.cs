namespace DockerNetExporter.Configuration;

/// <summary>
/// Parses <c>--flag=value</c> and <c>--flag value</c> into configuration keys (a switch also
/// <c>--flag</c> and <c>--no-flag</c>, <see cref="ExporterFlag.IsSwitch"/>; a repeatable one, each value, <see cref="ExporterFlag.IsRepeatable"/>), and the commands,
/// <c>healthcheck</c> and <c>topology</c> (which alone takes <c>--output</c> and <c>--interval</c>).
/// Unknown flags are errors: a typo must not silently fall back to a default. A flag given twice
/// keeps the last value, unless repeatable.
/// </summary>
/// <param name="TopologyOutput">For <c>topology</c>: --output, text by default.</param>
/// <param name="TopologyInterval">For <c>topology</c>: --interval, the time between the counter reads its rates come from.</param>
internal sealed record CommandLine(
    IReadOnlyDictionary<string, string> Values, bool ShowHelp, bool ShowVersion, bool HealthCheck, bool Topology = false, TopologyOutput TopologyOutput = TopologyOutput.Text, TimeSpan TopologyInterval = default)
{
    private const string OutputFlag = "--output";
    private const string IntervalFlag = "--interval";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        bool help = false, version = false, healthCheck = false, topology = false;
        var output = TopologyOutput.Text;
        var interval = Configuration.TopologyInterval.Default;
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

            if (arg == "topology" && i == 0)
            {
                topology = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name == OutputFlag && topology)
            {
                var text = Value(args, ref i, name, equals);
                if (!TopologyOutputs.TryParse(text, out output))
                {
                    throw new InvalidFlagException(name, $"invalid {name} \"{text}\": want {TopologyOutputs.Wanted}");
                }

                continue;
            }

            if (name == IntervalFlag && topology)
            {
                var text = Value(args, ref i, name, equals);
                if (!Configuration.TopologyInterval.TryParse(text, out interval))
                {
                    throw new InvalidFlagException(name, $"invalid {name} \"{text}\": want {Configuration.TopologyInterval.Wanted}");
                }

                continue;
            }

            if (equals < 0 && ExporterFlag.All.FirstOrDefault(f => f.IsSwitch && (name == f.Name || name == Negated(f))) is { } flagSwitch)
            {
                values[flagSwitch.ConfigKey] = name == flagSwitch.Name ? "true" : "false";
                continue;
            }

            var flag = ExporterFlag.All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
                ?? throw new InvalidFlagException(name, $"unknown flag \"{name}\" (see --help)");
            var value = Value(args, ref i, name, equals);
            values[flag.ConfigKey] = flag.IsRepeatable && values.TryGetValue(flag.ConfigKey, out var earlier) ? earlier + ExporterFlag.ValueSeparator + value : value;
        }

        return new CommandLine(values, help, version, healthCheck, topology, output, interval);
    }

    /// <summary>A switch's off form: --collector.protocols, --no-collector.protocols.</summary>
    private static string Negated(ExporterFlag flag) => "--no-" + flag.Name[2..];

    /// <summary>The value of <c>--name=value</c>, or of <c>--name value</c> (taking the next argument).</summary>
    private static string Value(IReadOnlyList<string> args, ref int i, string name, int equals)
    {
        if (equals >= 0)
        {
            return args[i][(equals + 1)..];
        }

        return i + 1 < args.Count ? args[++i] : throw new InvalidFlagException(name, $"flag {name} needs a value");
    }

    public static string Usage()
    {
        var lines = new List<string>
        {
            "Usage: DockerNetExporter [flags]             serve /metrics",
            "       DockerNetExporter healthcheck [flags]  exit 0 if the exporter at --web.listen-address answers /healthz",
            "       DockerNetExporter topology [--output=text|json|dot] [--interval=1s] [flags]",
            "                                             print the host's bridges, veths and the containers behind them,",
            "                                             with rates over --interval (from 100ms to 10s)",
            "",
            "Flags (each also settable by environment variable or appsettings.json):",
        };
        foreach (var flag in ExporterFlag.All)
        {
            var shownDefault = flag.DefaultValue.Length == 0 ? "" : $" (default \"{flag.DefaultValue}\")";
            lines.Add(flag.IsSwitch ? $"  {flag.Name}, {Negated(flag)}{shownDefault}" : $"  {flag.Name}=VALUE{(flag.IsRepeatable ? " ..." : "")}{shownDefault}");
            lines.Add($"      {flag.Help}");
            lines.Add($"      env {flag.EnvironmentVariable}, appsettings {flag.ConfigKey}");
        }

        lines.Add("  --help, --version");
        return string.Join(Environment.NewLine, lines);
    }
}
