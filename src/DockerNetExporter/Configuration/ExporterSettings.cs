using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace DockerNetExporter.Configuration;

/// <summary>
/// The exporter's settings, parsed and validated once at start. A bad value throws
/// <see cref="InvalidFlagException"/> naming the flag, which Program turns into one line on stderr.
/// </summary>
/// <param name="ListenEndPoints">Where to serve (--web.listen-address, each one given), at least one; healthcheck asks the first.</param>
/// <param name="MaxConnections">Inbound connections open at once, as asked (the open-file limit may grant fewer).</param>
/// <param name="Protocols">Whether each container namespace's TCP, UDP and IP counters are served (--collector.protocols).</param>
/// <param name="SystemdSocket">Whether to serve on the sockets systemd passes rather than on <paramref name="ListenEndPoints"/> (--web.systemd-socket).</param>
/// <param name="TelemetryPath">Where the metrics are served (--web.telemetry-path).</param>
/// <param name="ExporterMetrics">Whether the exporter's own process and runtime metrics are served (not --web.disable-exporter-metrics).</param>
/// <param name="MaxRequests">Most scrapes served at once, 0 for no limit (--web.max-requests).</param>
/// <param name="LogFormat">How log lines are written (--log.format).</param>
/// <param name="ContainerInclude">The names of the containers served, or null for all (--container.include).</param>
/// <param name="ContainerExclude">The names of the containers not served, or null for none (--container.exclude).</param>
/// <param name="ContainerLabels">The Docker labels that become labels of dockernet_container_info (--docker.container-labels).</param>
internal sealed record ExporterSettings(
    ImmutableArray<IPEndPoint> ListenEndPoints,
    WebConfig? Web,
    Uri DockerHost,
    bool DockerEnabled,
    string SysfsPath,
    string ProcfsPath,
    CounterSource CounterSource,
    TimeSpan ResyncInterval,
    TimeSpan KernelScanInterval,
    LogLevel LogLevel,
    int MaxConnections = ExporterSettings.DefaultMaxConnections,
    bool Protocols = false,
    bool SystemdSocket = false,
    string TelemetryPath = "/metrics",
    bool ExporterMetrics = true,
    int MaxRequests = 40,
    LogFormat LogFormat = LogFormat.Text,
    Regex? ContainerInclude = null,
    Regex? ContainerExclude = null,
    ImmutableArray<ContainerLabel> ContainerLabels = default)
{
    public ImmutableArray<ContainerLabel> ContainerLabels { get; init; } = ContainerLabels.IsDefault ? [] : ContainerLabels;

    /// <summary>
    /// Time bound of one match of a container filter: a name is tens of characters, and with
    /// NonBacktracking a match is linear in it, so this is never reached but by a defect.
    /// </summary>
    public static readonly TimeSpan ContainerFilterTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest container filter taken: NonBacktracking builds its automaton from the pattern, in time and memory that grow with it.</summary>
    private const int MaxPatternChars = 4096;

    /// <summary>The paths the exporter serves besides the metrics: the page, its files (Http/PageAssets), /healthz and /topology.</summary>
    private static readonly string[] OtherPaths = ["/", "/static/topology.js", "/static/topology.css", "/healthz", "/topology"];

    /// <summary>The default of --web.max-connections; see README, Flags, for how it was chosen.</summary>
    public const int DefaultMaxConnections = 256;

    private const string DefaultDockerHost = "unix:///var/run/docker.sock";

    /// <param name="configuration">appsettings.json, then the flags' environment variables, then the command line.</param>
    /// <param name="dockerHostVariable">The value of DOCKER_HOST, the fallback for --docker.host.</param>
    public static ExporterSettings Load(IConfiguration configuration, string? dockerHostVariable)
    {
        string Value(ExporterFlag flag) => configuration[flag.ConfigKey] ?? flag.DefaultValue;

        var dockerHost = Value(ExporterFlag.DockerHost);
        if (dockerHost.Length == 0)
        {
            dockerHost = string.IsNullOrEmpty(dockerHostVariable) ? DefaultDockerHost : dockerHostVariable;
        }

        return new ExporterSettings(
            ParseListenAddresses(Value(ExporterFlag.ListenAddress)),
            Value(ExporterFlag.WebConfigFile) is { Length: > 0 } webConfig ? WebConfig.Load(webConfig) : null,
            ParseDockerHost(dockerHost),
            ParseBoolean(ExporterFlag.DockerEnabled, Value(ExporterFlag.DockerEnabled)),
            ParseDirectory(ExporterFlag.SysfsPath, Value(ExporterFlag.SysfsPath)),
            ParseDirectory(ExporterFlag.ProcfsPath, Value(ExporterFlag.ProcfsPath)),
            ParseCounterSource(Value(ExporterFlag.CounterSource)),
            ParseInterval(ExporterFlag.ResyncInterval, Value(ExporterFlag.ResyncInterval), "60s or 5m"),
            ParseInterval(ExporterFlag.KernelScanInterval, Value(ExporterFlag.KernelScanInterval), "15s or 1m"),
            ParseLogLevel(Value(ExporterFlag.LogLevel)),
            ParseCount(ExporterFlag.MaxConnections, Value(ExporterFlag.MaxConnections), 1, "connections from 1"),
            ParseBoolean(ExporterFlag.ProtocolsCollector, Value(ExporterFlag.ProtocolsCollector)),
            ParseBoolean(ExporterFlag.SystemdSocket, Value(ExporterFlag.SystemdSocket)),
            ParseTelemetryPath(Value(ExporterFlag.TelemetryPath)),
            !ParseBoolean(ExporterFlag.DisableExporterMetrics, Value(ExporterFlag.DisableExporterMetrics)),
            ParseCount(ExporterFlag.MaxRequests, Value(ExporterFlag.MaxRequests), 0, "scrape requests from 0 (no limit)"),
            ParseLogFormat(Value(ExporterFlag.LogFormat)),
            ParseContainerFilter(ExporterFlag.ContainerInclude, Value(ExporterFlag.ContainerInclude)),
            ParseContainerFilter(ExporterFlag.ContainerExclude, Value(ExporterFlag.ContainerExclude)),
            ContainerLabelAllowlist.Parse(Value(ExporterFlag.ContainerLabels)));
    }

    /// <summary>Each address of a repeated --web.listen-address, none twice (but port 0, any free port, as often as asked).</summary>
    private static ImmutableArray<IPEndPoint> ParseListenAddresses(string text)
    {
        var endPoints = text.Split(ExporterFlag.ValueSeparator).Select(ParseListenAddress).ToImmutableArray();
        if (endPoints.Where(e => e.Port != 0).GroupBy(e => e).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            var flag = ExporterFlag.ListenAddress.Name;
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": {twice.Key} is given twice");
        }

        return endPoints;
    }

    internal static IPEndPoint ParseListenAddress(string text)
    {
        var flag = ExporterFlag.ListenAddress.Name;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": want [host]:port, e.g. :10077 or 127.0.0.1:10077");
        }

        var host = text[..colon];
        if (!ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": the port must be a number from 0 to 65535");
        }

        IPAddress? address = host switch
        {
            "" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            ['[', .. var inner, ']'] when IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => v6,
            _ when host.Count(c => c == '.') == 3 && IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork => v4,
            _ => null,
        };
        if (address is null)
        {
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": \"{host}\" is not an IPv4 address or a bracketed IPv6 address");
        }

        return new IPEndPoint(address, port);
    }

    private static Uri ParseDockerHost(string text)
    {
        var flag = ExporterFlag.DockerHost.Name;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https"))
        {
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": want unix:///path/to/docker.sock or tcp://host:port");
        }

        return uri;
    }

    private static string ParseDirectory(ExporterFlag flag, string text)
    {
        if (text.Length == 0 || !Path.IsPathRooted(text))
        {
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": want an absolute path");
        }

        if (!Directory.Exists(text))
        {
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": no such directory");
        }

        return Path.TrimEndingDirectorySeparator(text);
    }

    private static TimeSpan ParseInterval(ExporterFlag flag, string text, string examples)
    {
        if (!PrometheusDuration.TryParse(text, out var interval) || interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(7))
        {
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": want a duration from 1s to 7d, e.g. {examples}");
        }

        return interval;
    }

    /// <param name="what">What is counted, and from where: "connections from 1".</param>
    private static int ParseCount(ExporterFlag flag, string text, int least, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < least || count > 1_000_000)
        {
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": want a number of {what} to 1000000");
        }

        return count;
    }

    /// <summary>
    /// A path of its own, in the characters a URL path takes as they are (RFC 3986's pchar, without
    /// escapes) less routing's own ({, }, *), with no empty segment and no . or .. segment: routing
    /// would read /metrics/{x} as a parameter, refuse // with a stack trace, route /healthz/ as
    /// /healthz (two endpoints for one path: 500 on both), and Kestrel resolves dot segments in a
    /// request, so that no request would reach /a/../metrics.
    /// </summary>
    private static string ParseTelemetryPath(string text)
    {
        var flag = ExporterFlag.TelemetryPath.Name;
        if (!text.StartsWith('/') || text.Length > 256 || text.Contains("//", StringComparison.Ordinal)
            || (text.Length > 1 && text.EndsWith('/')) || text.Split('/').Any(segment => segment is "." or "..")
            || !text.All(c => char.IsAsciiLetterOrDigit(c) || "/-._~!$&'()+,;=:@".Contains(c, StringComparison.Ordinal)))
        {
            throw new InvalidFlagException(
                flag, $"invalid {flag} \"{text}\": want a path from / of at most 256 characters, of letters, digits and -._~!$&'()+,;=:@ between single slashes, no segment . or .. and no / at the end, e.g. /metrics");
        }

        if (OtherPaths.FirstOrDefault(other => string.Equals(other, text, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            throw new InvalidFlagException(flag, $"invalid {flag} \"{text}\": {taken} is served by the exporter already");
        }

        return text;
    }

    private static bool ParseBoolean(ExporterFlag flag, string text) => text.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": want true or false"),
    };

    private static CounterSource ParseCounterSource(string text) => text.ToLowerInvariant() switch
    {
        "sysfs" => CounterSource.Sysfs,
        "proc-net-dev" => CounterSource.ProcNetDev,
        _ => throw new InvalidFlagException(ExporterFlag.CounterSource.Name, $"invalid {ExporterFlag.CounterSource.Name} \"{text}\": want sysfs or proc-net-dev"),
    };

    private static LogLevel ParseLogLevel(string text) => text.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new InvalidFlagException(ExporterFlag.LogLevel.Name, $"invalid {ExporterFlag.LogLevel.Name} \"{text}\": want debug, info, warn or error"),
    };

    private static LogFormat ParseLogFormat(string text) => text.ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "logfmt" => LogFormat.Logfmt,
        "json" => LogFormat.Json,
        _ => throw new InvalidFlagException(ExporterFlag.LogFormat.Name, $"invalid {ExporterFlag.LogFormat.Name} \"{text}\": want text, logfmt or json"),
    };

    /// <summary>
    /// A container filter, or null for none. NonBacktracking: a match takes time linear in the name,
    /// whatever the pattern, and refuses what would not (backreferences, lookarounds), as Go's RE2,
    /// which node_exporter's patterns are written for, has neither.
    /// </summary>
    private static Regex? ParseContainerFilter(ExporterFlag flag, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > MaxPatternChars)
        {
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name}: {text.Length} characters, more than {MaxPatternChars}");
        }

        try
        {
            return new Regex(text, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, ContainerFilterTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // RegexParseException (an ArgumentException) and NotSupportedException say what and where, in one line.
            throw new InvalidFlagException(flag.Name, $"invalid {flag.Name} \"{text}\": not a regular expression it can use: {e.Message}");
        }
    }
}
