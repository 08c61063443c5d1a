namespace DockerNetExporter.Configuration;

/// <summary>
/// One command-line flag in the Prometheus style, with the environment variable and
/// the appsettings key that set the same value (command line wins, then environment,
/// then appsettings.json, then the default).
/// </summary>
/// <param name="IsSwitch">
/// A boolean in the Prometheus exporters' style: <c>--NAME</c> alone is true, <c>--no-NAME</c> false,
/// and <c>--NAME=true|false</c>, the environment variable and the key take true or false.
/// </param>
/// <param name="IsRepeatable">Given more than once on the command line, every value counts; the environment variable and the key list them with commas.</param>
internal sealed record ExporterFlag(string Name, string ConfigKey, string EnvironmentVariable, string DefaultValue, string Help, bool IsSwitch = false, bool IsRepeatable = false)
{
    /// <summary>Between the values of a repeatable flag, in the environment variable and the key.</summary>
    public const char ValueSeparator = ',';

    public static readonly ExporterFlag ListenAddress = new(
        "--web.listen-address", "Exporter:ListenAddress", "DOCKERNET_WEB_LISTEN_ADDRESS", ":10077",
        "Address to serve /metrics, / and /healthz on ([host]:port; an empty host means every address). Repeat the flag to serve on several " +
        "(in the environment variable and the key: separated by commas); healthcheck asks the first.",
        IsRepeatable: true);

    public static readonly ExporterFlag SystemdSocket = new(
        "--web.systemd-socket", "Exporter:WebSystemdSocket", "DOCKERNET_WEB_SYSTEMD_SOCKET", "false",
        "Whether to serve on the listening sockets systemd passes (socket activation: deploy/systemd/docker-net-exporter.socket) " +
        "instead of opening --web.listen-address, which is then not used. Without a socket passed, the exporter does not start.",
        IsSwitch: true);

    public static readonly ExporterFlag TelemetryPath = new(
        "--web.telemetry-path", "Exporter:WebTelemetryPath", "DOCKERNET_WEB_TELEMETRY_PATH", "/metrics",
        "Path under which to serve the metrics (not /, /static/topology.js, /static/topology.css, /healthz or /topology, which the exporter serves).");

    public static readonly ExporterFlag DisableExporterMetrics = new(
        "--web.disable-exporter-metrics", "Exporter:WebDisableExporterMetrics", "DOCKERNET_WEB_DISABLE_EXPORTER_METRICS", "false",
        "Whether to leave out the metrics of the exporter's own process and runtime (process_*, dotnet_*), as node_exporter leaves out its process_* and go_*. " +
        "The dockernet_* families, including the exporter's health and build_info, stay.",
        IsSwitch: true);

    public static readonly ExporterFlag MaxRequests = new(
        "--web.max-requests", "Exporter:WebMaxRequests", "DOCKERNET_WEB_MAX_REQUESTS", "40",
        "Most scrape requests served at once; one past it gets 503 Service Unavailable. 0 means no limit.");

    public static readonly ExporterFlag WebConfigFile = new(
        "--web.config.file", "Exporter:WebConfigFile", "DOCKERNET_WEB_CONFIG_FILE", "",
        "A web configuration file in the Prometheus exporter toolkit's format, for TLS and basic auth (see README, Security).");

    public static readonly ExporterFlag MaxConnections = new(
        "--web.max-connections", "Exporter:WebMaxConnections", "DOCKERNET_WEB_MAX_CONNECTIONS", ExporterSettings.DefaultMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "Most inbound connections open at once. One past it closes an idle connection (open, serving no request), the longest idle " +
        "of the source holding the most, or is itself closed when every connection is serving a request; both are counted. " +
        "Lowered to fit the limit on open files.");

    public static readonly ExporterFlag DockerHost = new(
        "--docker.host", "Exporter:DockerHost", "DOCKERNET_DOCKER_HOST", "",
        "Docker API endpoint (unix:///path or tcp://host:port). Default: $DOCKER_HOST, else unix:///var/run/docker.sock.");

    public static readonly ExporterFlag DockerEnabled = new(
        "--docker.enabled", "Exporter:DockerEnabled", "DOCKERNET_DOCKER_ENABLED", "true",
        "Whether to ask the Docker API (true or false). With false, every network namespace is found from the kernel and named from its cgroup, " +
        "netns file or process (see README, Without Docker); with true, the kernel fills in while Docker does not answer.");

    public static readonly ExporterFlag KernelScanInterval = new(
        "--kernel.scan-interval", "Exporter:KernelScanInterval", "DOCKERNET_KERNEL_SCAN_INTERVAL", "15s",
        "Interval of the scan of the host's network namespaces when there is no Docker to say what changed: " +
        "with --docker.enabled=false, and while Docker does not answer (e.g. 5s, 1m).");

    public static readonly ExporterFlag ContainerInclude = new(
        "--container.include", "Exporter:ContainerInclude", "DOCKERNET_CONTAINER_INCLUDE", "",
        "Regular expression: only containers whose name it matches are served. It matches anywhere in the name, as node_exporter's device filters " +
        "(^web-[0-9]+$ for whole names). Empty: every container.");

    public static readonly ExporterFlag ContainerExclude = new(
        "--container.exclude", "Exporter:ContainerExclude", "DOCKERNET_CONTAINER_EXCLUDE", "",
        "Regular expression: containers whose name it matches are not served, whatever --container.include says. Empty: none left out.");

    public static readonly ExporterFlag ContainerLabels = new(
        "--docker.container-labels", "Exporter:DockerContainerLabels", "DOCKERNET_DOCKER_CONTAINER_LABELS", "",
        "Docker labels, separated by commas, that become labels of dockernet_container_info: label_ and the name with each character " +
        "other than letters, digits and _ as _ (com.example.team: label_com_example_team). Values are cut at 256 characters. Empty: none.");

    public static readonly ExporterFlag SysfsPath = new(
        "--path.sysfs", "Exporter:SysfsPath", "DOCKERNET_PATH_SYSFS", "/sys",
        "Mount point of the host's sysfs (/host/sys when the exporter runs in a container).");

    public static readonly ExporterFlag ProcfsPath = new(
        "--path.procfs", "Exporter:ProcfsPath", "DOCKERNET_PATH_PROCFS", "/proc",
        "Mount point of the host's procfs (a container run with --pid=host sees it at /proc).");

    public static readonly ExporterFlag ResyncInterval = new(
        "--docker.resync-interval", "Exporter:ResyncInterval", "DOCKERNET_DOCKER_RESYNC_INTERVAL", "60s",
        "Interval of the full resync with Docker that backs up the events stream (e.g. 30s, 5m).");

    public static readonly ExporterFlag CounterSource = new(
        "--counters.source", "Exporter:CountersSource", "DOCKERNET_COUNTERS_SOURCE", "sysfs",
        "Where scrapes read interface counters: sysfs (/sys/class/net/IFACE/statistics, eight files per interface) " +
        "or proc-net-dev (one read of the host's /proc/net/dev, faster with many containers).");

    public static readonly ExporterFlag ProtocolsCollector = new(
        "--collector.protocols", "Exporter:CollectorProtocols", "DOCKERNET_COLLECTOR_PROTOCOLS", "false",
        "Whether to serve each container namespace's own TCP, UDP and IP counters (dockernet_container_tcp_*, _udp_*, _ip_*): " +
        "three more files per namespace kept open and read at each scrape (see README, Flags, for the cost).",
        IsSwitch: true);

    public static readonly ExporterFlag LogLevel = new(
        "--log.level", "Exporter:LogLevel", "DOCKERNET_LOG_LEVEL", "info",
        "Least severity logged: debug, info, warn or error.");

    public static readonly ExporterFlag LogFormat = new(
        "--log.format", "Exporter:LogFormat", "DOCKERNET_LOG_FORMAT", "text",
        "How each log line is written: text (.NET's one-line console format), logfmt (key=value, as node_exporter) or json (one object a line).");

    public static IReadOnlyList<ExporterFlag> All { get; } =
        [ListenAddress, SystemdSocket, TelemetryPath, DisableExporterMetrics, MaxRequests, WebConfigFile, MaxConnections, DockerHost, DockerEnabled, ContainerInclude, ContainerExclude, ContainerLabels, SysfsPath, ProcfsPath, CounterSource, ProtocolsCollector, ResyncInterval, KernelScanInterval, LogLevel, LogFormat];

    /// <summary>The flags' environment variables that are set, as configuration keys.</summary>
    public static Dictionary<string, string?> FromEnvironment(Func<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var flag in All)
        {
            if (environment(flag.EnvironmentVariable) is { } value)
            {
                values[flag.ConfigKey] = value;
            }
        }

        return values;
    }
}
