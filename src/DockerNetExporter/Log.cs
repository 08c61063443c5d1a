namespace DockerNetExporter;

/// <summary>Every log message of the exporter, in one place, allocation-free when the level is off.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "docker-net-exporter {Version} starting: sysfs {Sysfs}, procfs {Procfs}, Docker API {DockerHost}, resync every {ResyncSeconds}s")]
    public static partial void Starting(ILogger logger, string version, string sysfs, string procfs, Uri dockerHost, double resyncSeconds);

    [LoggerMessage(120, LogLevel.Information, "docker-net-exporter {Version} starting: sysfs {Sysfs}, procfs {Procfs}, no Docker API (--docker.enabled=false)")]
    public static partial void StartingWithoutDocker(ILogger logger, string version, string sysfs, string procfs);

    [LoggerMessage(2, LogLevel.Information, "Serving {TelemetryPath} on {Urls}")]
    public static partial void Listening(ILogger logger, string telemetryPath, string urls);

    [LoggerMessage(3, LogLevel.Information, "SIGHUP received: nothing is reloaded (the flags are read at start, and no --web.config.file is set); still serving")]
    public static partial void HangupIgnored(ILogger logger);

    [LoggerMessage(150, LogLevel.Information, "Web config {Path} in force: {Summary}. It is re-read when it or a file it names changes (checked every {Seconds}s, and at SIGHUP)")]
    public static partial void WebConfigInForce(ILogger logger, string path, string summary, double seconds);

    [LoggerMessage(151, LogLevel.Information, "Web config {Path} reloaded: {Summary}")]
    public static partial void WebConfigReloaded(ILogger logger, string path, string summary);

    [LoggerMessage(152, LogLevel.Warning, "Web config {Path} changed and was not loaded; the last good one stays in force until the file changes again: {Reason}")]
    public static partial void WebConfigNotReloaded(ILogger logger, string path, string reason);

    [LoggerMessage(153, LogLevel.Warning, "Web config {Path}: {Notice}")]
    public static partial void WebConfigNotice(ILogger logger, string path, string notice);

    [LoggerMessage(154, LogLevel.Information, "SIGHUP received: re-reading the web config {Path} now (the flags are read at start); still serving")]
    public static partial void HangupReload(ILogger logger, string path);

    [LoggerMessage(155, LogLevel.Debug, "TLS client certificate {Subject} refused at the handshake: {Reason}")]
    public static partial void ClientCertificateRefused(ILogger logger, string subject, string reason);

    [LoggerMessage(125, LogLevel.Warning, "Container {Name} left out: matching its name against --container.include or --container.exclude ran past the time bound")]
    public static partial void ContainerFilterTimedOut(ILogger logger, string name);

    [LoggerMessage(10, LogLevel.Information, "Docker API at {DockerHost} up: a full sync succeeded, {Containers} running containers, {Networks} networks in {Milliseconds:F0} ms; later full syncs are logged at debug")]
    public static partial void DockerUp(ILogger logger, Uri dockerHost, int containers, int networks, double milliseconds);

    [LoggerMessage(11, LogLevel.Warning, "Docker API at {DockerHost} down: {Reason} ({Detail}); dockernet_docker_up is 0, the last known topology's kernel counters stay served, retrying with backoff")]
    public static partial void DockerDown(ILogger logger, Exception? exception, Uri dockerHost, string reason, string detail);

    [LoggerMessage(12, LogLevel.Debug, "Docker session failed ({Reason}); retrying in {Seconds:F1}s")]
    public static partial void DockerRetry(ILogger logger, double seconds, string reason);

    [LoggerMessage(13, LogLevel.Information, "Docker closed the events stream; reconnecting")]
    public static partial void EventsStreamEnded(ILogger logger);

    [LoggerMessage(18, LogLevel.Warning, "Inspect of container {Id} failed ({Reason}); keeping its last known state")]
    public static partial void InspectFailed(ILogger logger, string id, string reason);

    [LoggerMessage(140, LogLevel.Warning, "Container {Name} ({Id}) has {LeftOut} published port binding(s) left out of dockernet_container_published_port_info: malformed (a protocol other than tcp, udp or sctp, a port outside 1-65535, a host address that is not one), or past the {Kept} kept per container (the lowest ports are kept). Said once per container")]
    public static partial void PublishedPortsLeftOut(ILogger logger, string name, string id, int leftOut, int kept);

    [LoggerMessage(14, LogLevel.Debug, "Applying {Count} Docker events")]
    public static partial void ApplyingEvents(ILogger logger, int count);

    [LoggerMessage(15, LogLevel.Debug, "Full sync with Docker: {Containers} running containers, {Networks} networks in {Milliseconds:F0} ms")]
    public static partial void FullSyncDone(ILogger logger, int containers, int networks, double milliseconds);

    [LoggerMessage(70, LogLevel.Warning, "Docker sent events faster than they were applied: past {Capacity} waiting, {Dropped} were dropped and a full sync stood in for them (said once; it may happen again)")]
    public static partial void EventsDropped(ILogger logger, int capacity, int dropped);

    [LoggerMessage(20, LogLevel.Debug, "Topology published: {Containers} containers, {Interfaces} mapped interfaces, {Bridges} bridges, mapped in {Milliseconds:F1} ms")]
    public static partial void TopologyPublished(ILogger logger, int containers, int interfaces, int bridges, double milliseconds);

    [LoggerMessage(21, LogLevel.Debug, "Cannot read the network namespace of container {Container} (pid {Pid}); its interfaces are skipped")]
    public static partial void UnreadableNetns(ILogger logger, string container, long pid);

    [LoggerMessage(22, LogLevel.Debug, "Container {Container} interface {Interface} (ifindex {IfIndex}, iflink {IfLink}) has no veth peer in the host namespace")]
    public static partial void NoHostPeer(ILogger logger, string container, string @interface, int ifIndex, int ifLink);

    [LoggerMessage(30, LogLevel.Debug, "Cannot list {Directory}: {Reason}")]
    public static partial void UnreadableDirectory(ILogger logger, string directory, string reason);

    [LoggerMessage(31, LogLevel.Debug, "Skipped interface {Directory}: ifindex, iflink or address missing, unreadable or malformed")]
    public static partial void SkippedInterface(ILogger logger, string directory);

    [LoggerMessage(33, LogLevel.Warning, "The exporter may keep {Capacity} files open for its series (its limit on open files less a reserve and the share of --web.max-connections) and needs more: the interfaces past that are skipped and counted in dockernet_read_errors_total. Raise the limit (systemd LimitNOFILE=, docker run --ulimit nofile=) or use --counters.source=proc-net-dev, which keeps 2 files open per container interface instead of 10")]
    public static partial void OpenFileBudgetSpent(ILogger logger, long capacity);

    [LoggerMessage(32, LogLevel.Debug, "Skipped {Path} in this scrape: missing, unreadable or malformed")]
    public static partial void ScrapeReadFailed(ILogger logger, string path);

    [LoggerMessage(40, LogLevel.Debug, "Process {Pid} started at {ProcessStartedAt:o}, but Docker started container {Container} at {StartedAt:o}: not the container's process (its pid was reused, or /proc is another pid namespace's); the container's interfaces are skipped")]
    public static partial void NotTheContainersProcess(ILogger logger, string container, long pid, DateTimeOffset processStartedAt, DateTimeOffset startedAt);

    [LoggerMessage(41, LogLevel.Debug, "Cannot read when process {Pid} of container {Container} started; the container's interfaces are skipped")]
    public static partial void UnreadableStartTime(ILogger logger, string container, long pid);

    [LoggerMessage(42, LogLevel.Debug, "The network namespace of container {Container} (pid {Pid}) was {Before} before its interfaces were listed and {After} after; they are skipped")]
    public static partial void NetnsChanged(ILogger logger, string container, long pid, ulong before, ulong? after);

    [LoggerMessage(50, LogLevel.Warning, "Permission denied reading {Path} ({Why}): a process's /proc/PID/ns/net takes CAP_SYS_PTRACE, unless the process is the exporter's user's and holds no capability the exporter lacks (ptrace(2), ptrace access mode checking). Serving bridges and container info; no per-container interface series for containers it cannot read")]
    public static partial void NamespacesDenied(ILogger logger, string path, string why);

    [LoggerMessage(51, LogLevel.Warning, "Container {Container} is left unmapped: its process started at {ProcessStartedAt:o}, Docker says {StartedAt:o}. A reused pid explains one such container; if many are, the host clock was stepped since they started (they map again once restarted)")]
    public static partial void StartTimeMismatch(ILogger logger, string container, DateTimeOffset processStartedAt, DateTimeOffset startedAt);

    [LoggerMessage(60, LogLevel.Warning, "Permission denied reading the network namespace of {Count} processes, {Path} the first ({Why}): a process's /proc/PID/ns/net takes CAP_SYS_PTRACE, unless the process is the exporter's user's and holds no capability the exporter lacks. Namespaces only they hold are not mapped")]
    public static partial void ProcessNamespacesDenied(ILogger logger, int count, string path, string why);

    [LoggerMessage(61, LogLevel.Debug, "Cannot read the network namespace {Path} through netlink (errno {Errno})")]
    public static partial void NetlinkFailed(ILogger logger, string path, int errno);

    [LoggerMessage(62, LogLevel.Warning, "Entering the network namespace {Path} was refused ({Why}): setns(2) takes CAP_SYS_ADMIN. Namespaces that no process holds, or whose processes' sysfs shows the host's interfaces or cannot be read, are left unmapped, and other namespaces go without addresses")]
    public static partial void NetlinkDenied(ILogger logger, string path, string why);

    [LoggerMessage(105, LogLevel.Warning, "Entering the overlay network sandbox {Path} was refused ({Why}): setns(2) takes CAP_SYS_ADMIN, and naming an overlay interface's veth and bridge, and counting its VXLAN device, take entering it. Overlay interfaces are still counted, in their containers' own namespaces")]
    public static partial void SandboxDenied(ILogger logger, string path, string why);

    [LoggerMessage(130, LogLevel.Warning, "Permission denied listing {Path} ({Why}): a namespace's interfaces are read through its process's root directory, which an image may leave searchable by its owner alone (a / of mode 0700), and CAP_DAC_READ_SEARCH lets the exporter through (capabilities(7), path_resolution(7)). Namespaces read there are left unmapped: no per-container interface series for them")]
    public static partial void NetClassDenied(ILogger logger, string path, string why);

    [LoggerMessage(63, LogLevel.Debug, "Cannot read the network namespace {Inode} ({Path}); it is skipped until the next scan")]
    public static partial void UnreadableNamespace(ILogger logger, ulong inode, string path);

    [LoggerMessage(64, LogLevel.Information, "Docker discovery is off (--docker.enabled=false): mapping every network namespace from the kernel, scanned every {Seconds}s")]
    public static partial void DockerDisabled(ILogger logger, double seconds);

    [LoggerMessage(65, LogLevel.Warning, "Docker is not answering: mapping the namespaces no known container accounts for from the kernel, every {Seconds}s, until it answers")]
    public static partial void KernelFallback(ILogger logger, double seconds);

    [LoggerMessage(67, LogLevel.Error, "Mapping the kernel's namespaces failed; the last picture stays served and the next scan tries again")]
    public static partial void KernelScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(66, LogLevel.Debug, "Kernel scan: {Namespaces} network namespaces besides the host's and known containers' read in {Milliseconds:F0} ms")]
    public static partial void KernelScanDone(ILogger logger, int namespaces, double milliseconds);

    [LoggerMessage(80, LogLevel.Warning, "{Max} connections are open, the most allowed (--web.max-connections, within the limit on open files): from now on a new connection closes an idle one (the longest idle of the source holding the most), or is closed itself when every connection is serving a request; counted in dockernet_http_connections_idle_closed_total and dockernet_http_connections_refused_total. Said once")]
    public static partial void ConnectionLimitReached(ILogger logger, int max);

    [LoggerMessage(81, LogLevel.Warning, "--web.max-connections {Wanted} does not fit the limit on open files ({SoftLimit}, of which a reserve and the series' files need the rest): at most {Granted} connections are served at once. Raise the limit (systemd LimitNOFILE=, docker run --ulimit nofile=)")]
    public static partial void ConnectionsLowered(ILogger logger, int wanted, int granted, ulong softLimit);

    [LoggerMessage(95, LogLevel.Warning, "{Path}, in the network namespace of {Owner}, is not the kernel's: not a regular file on sysfs (a FIFO or another file was mounted over it). What it feeds is skipped (its interface at discovery, its gauge at scrape) and the file counted in dockernet_kernel_files_refused_total; said once for this namespace")]
    public static partial void KernelFileRefused(ILogger logger, string path, string owner);

    [LoggerMessage(96, LogLevel.Warning, "Reading {Path} took longer than {Seconds}s and was given up: the namespace is skipped while that read hangs, and for at least {QuarantineMinutes} minutes from now, and the others are read meanwhile; counted in dockernet_namespace_reads_timed_out_total")]
    public static partial void NamespaceReadTimedOut(ILogger logger, string path, double seconds, double quarantineMinutes);

    [LoggerMessage(97, LogLevel.Warning, "{Count} reads of namespaces are hanging, the most the exporter leaves a thread to: no namespace is read through its own mounts until one returns")]
    public static partial void TooManyHungReads(ILogger logger, int count);

    [LoggerMessage(98, LogLevel.Error, "Discovery has made no progress for {Seconds:F0}s: a mapping started then has not finished. The last picture stays served; dockernet_discovery_stalled is 1 and /healthz answers 503")]
    public static partial void DiscoveryStalled(ILogger logger, double seconds);

    [LoggerMessage(90, LogLevel.Warning, "Cannot ask the kernel, from the host's network namespace {Path}, which namespace each veth leads to (errno {Errno}): no container interface is attributed to a veth until it can, since indices alone can be copied by any container with CAP_NET_ADMIN. Run the exporter in the host's network namespace (--network=host for its container), or grant it CAP_SYS_ADMIN to enter it")]
    public static partial void PairingUnprovable(ILogger logger, string path, int errno);

    [LoggerMessage(91, LogLevel.Debug, "Container {Container} interface {Interface} (netns {Netns}) points at veth {Veth}, which the kernel says leads to another namespace: forged indices, not attributed")]
    public static partial void ForgedInterface(ILogger logger, string container, ulong? netns, string @interface, string veth);

    [LoggerMessage(92, LogLevel.Debug, "Container {Container} interface {Interface} (netns {Netns}) points at veth {Veth}, but the kernel could not be asked where that veth leads; not attributed")]
    public static partial void UnprovenInterface(ILogger logger, string container, ulong? netns, string @interface, string veth);
}
