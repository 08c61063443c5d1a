using System.Collections.Immutable;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>
/// Reads what a mapping joins: the host's interfaces and namespace, and each container's namespace,
/// interfaces and default gateway through /proc/PID with the runtime's pid, checked to be still the
/// container's process. Keeps what it read from one mapping to the next, so that a mapping after
/// events reads again only the containers they changed. One mapping at a time (see <see cref="TopologyPublisher"/>).
/// </summary>
internal sealed class NamespaceReader(
    KernelPaths paths, NetClassReader netClass, BoundedReads bounded, ReadErrors readErrors, EffectiveCapabilities capabilities, ILogger<NamespaceReader> logger)
{
    /// <summary>
    /// How much later than the runtime's StartedAt the container's process may seem to have started. It
    /// cannot really have: Docker sets StartedAt once the task has started (moby daemon/start.go,
    /// SetRunning). The slack is for the clock: btime is now's wall clock less the time since boot,
    /// so NTP's corrections since the process started move it. A pid that an exited container's
    /// process left to a newer process fails here: the newer one started after the container's exited.
    /// </summary>
    private static readonly TimeSpan MaxStartAfterRuntime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How much earlier. The process is forked at runc create and StartedAt is set after runc start
    /// returns; in between run the prestart hooks, among them (Docker before 23.0) the set-up of the
    /// container's network, which takes seconds on a busy host. A reused pid never looks earlier (a
    /// process keeps its pid for life), so this bound need not be tight: it only rejects a process
    /// older than the container, as the /proc of another pid namespace would show.
    /// </summary>
    private static readonly TimeSpan MaxStartBeforeRuntime = TimeSpan.FromSeconds(30);

    // Said once each, at warning level: they point at the deployment (permissions, the clock), not at one container.
    private readonly Once denialWarning = new();
    private readonly Once startTimeWarning = new();

    // What the last mapping read: the containers it was given, and of the host and each of them what it found.
    private RuntimeInventory lastInventory = RuntimeInventory.Empty;
    private HostRead? last;

    /// <param name="reuseNamespaceReads">
    /// Take a container's namespace and interfaces as the last mapping read them while the runtime says
    /// nothing of its networking changed (same pid, start, endpoints), and the host's bridge ports
    /// as they were while their ifindex is the same. Those reads are most of a mapping's cost (a
    /// third of a second for 1,000 containers), and a batch of events changes few containers; a
    /// full resync passes false, and catches what changed behind the runtime's back.
    /// </param>
    public HostRead Read(RuntimeInventory inventory, bool reuseNamespaceReads)
    {
        var earlier = reuseNamespaceReads ? last : null;
        var hostInterfaces = netClass.ReadAll(paths.HostNetClass, earlier?.InterfacesByName);
        var hostNetns = ReadHostNetns();
        DateTimeOffset? bootTime = ProcessStartTime.TryReadBootTime(paths.ProcStat, out var booted) ? booted : null;
        var reads = new Dictionary<string, NamespaceRead>(inventory.Containers.Count, StringComparer.Ordinal);
        foreach (var container in inventory.Containers.Values)
        {
            reads[container.Id] = earlier is not null && Reusable(container, earlier, hostNetns) is { } kept
                ? kept
                : ReadNamespace(container, hostNetns, bootTime);
        }

        lastInventory = inventory;
        last = HostRead.Of(hostInterfaces, hostNetns, reads);
        return last;
    }

    /// <summary>
    /// The last read of the container's namespace if the runtime says nothing of its networking
    /// changed since. A failed read is tried again; so is an empty listing of a namespace the
    /// container owns (it has lo at least), which is one that could not be read.
    /// </summary>
    private NamespaceRead? Reusable(RuntimeContainer container, HostRead earlier, ulong? hostNetns) =>
        lastInventory.Containers.TryGetValue(container.Id, out var before) && before.SameNetworking(container)
        && earlier.Namespaces.TryGetValue(container.Id, out var read)
        && read.Netns is not null && (!read.Interfaces.IsEmpty || !OwnsNamespace(container, read.Netns, hostNetns))
            ? read
            : null;

    /// <summary>
    /// The container's netns and, if the container owns it, the interfaces in it, both read through
    /// /proc/PID with the runtime's pid. By now the container may have exited and its pid gone to another
    /// process, in another container's namespace perhaps. So the netns is read again after the
    /// listing, and the process's start time is checked last: a process keeps its pid for life, so
    /// if the pid still belongs to the container's process, it did throughout the reads. A failed
    /// check leaves the container without netns and interfaces, counted and logged.
    /// </summary>
    private NamespaceRead ReadNamespace(RuntimeContainer container, ulong? hostNetns, DateTimeOffset? bootTime)
    {
        var nsLink = paths.ProcessNetNamespace(container.Pid);
        if (!NetNamespaceReader.TryRead(nsLink, out var netns, out var denied))
        {
            readErrors.Discovery();
            Log.UnreadableNetns(logger, container.Name, container.Pid);
            if (denied && denialWarning.TryTake())
            {
                Log.NamespacesDenied(logger, nsLink, capabilities.WhyRefused(Capability.SysPtrace));
            }

            return NamespaceRead.Unread;
        }

        var ownsNamespace = OwnsNamespace(container, netns, hostNetns);
        var netClassDirectory = paths.ProcessNetClass(container.Pid);
        var inside = ImmutableArray<NetInterface>.Empty;
        if (ownsNamespace && !bounded.TryRun(netClassDirectory, () => netClass.ReadAll(netClassDirectory, owner: container.Name), out inside))
        {
            // Hanging, or quarantined for having hung: the container's own mounts, not the kernel's word.
            readErrors.Discovery();
            return NamespaceRead.Unread;
        }

        // Through /proc/PID/net, which shows the process's namespace. Unreadable, it is left out: the gateway is not the mapping.
        var gateway = ownsNamespace && RouteTable.TryReadDefaultGateway(paths.ProcessRoutes(container.Pid), out var read) ? read : null;
        if (ownsNamespace && ReadNetns(nsLink) is var after && after != netns)
        {
            readErrors.Discovery();
            Log.NetnsChanged(logger, container.Name, container.Pid, netns, after);
            return NamespaceRead.Unread;
        }

        return IsRuntimesProcess(container, bootTime) ? new NamespaceRead(netns, inside, gateway, nsLink, paths.ProcessNetDev(container.Pid)) : NamespaceRead.Unread;
    }

    /// <summary>
    /// Whether the process holding the container's pid started when the runtime says the container did.
    /// Without the runtime's StartedAt there is nothing to check against, and the pid is taken as it is.
    /// </summary>
    private bool IsRuntimesProcess(RuntimeContainer container, DateTimeOffset? bootTime)
    {
        if (container.StartedAt is not { } runtimeStartedAt)
        {
            return true;
        }

        if (bootTime is not { } boot || !ProcessStartTime.TryRead(paths.ProcessStat(container.Pid), boot, out var processStartedAt))
        {
            readErrors.Discovery();
            Log.UnreadableStartTime(logger, container.Name, container.Pid);
            return false;
        }

        var offset = processStartedAt - runtimeStartedAt;
        if (offset > MaxStartAfterRuntime || offset < -MaxStartBeforeRuntime)
        {
            readErrors.Discovery();
            Log.NotTheContainersProcess(logger, container.Name, container.Pid, processStartedAt, runtimeStartedAt);

            // A reused pid is a passing thing; many containers refused at once is a clock stepped since they started.
            if (startTimeWarning.TryTake())
            {
                Log.StartTimeMismatch(logger, container.Name, processStartedAt, runtimeStartedAt);
            }

            return false;
        }

        return true;
    }

    private ulong? ReadHostNetns()
    {
        foreach (var candidate in paths.HostNetNamespaceCandidates)
        {
            if (ReadNetns(candidate) is { } inode)
            {
                return inode;
            }
        }

        readErrors.Discovery();
        return null;
    }

    private static ulong? ReadNetns(string nsLink) => NetNamespaceReader.TryRead(nsLink, out var inode, out _) ? inode : null;

    /// <summary>host mode shares the host's interfaces and container: mode the owner's: neither has a veth of its own.</summary>
    private static bool OwnsNamespace(RuntimeContainer container, ulong? netns, ulong? hostNetns) =>
        !container.UsesHostNetwork && !container.JoinsAnotherNamespace && netns != hostNetns && container.Pid > 0;
}

/// <summary>What one mapping read of the host: its interfaces, its namespace, and each container's namespace.</summary>
/// <param name="Interfaces">The host namespace's interfaces (/sys/class/net).</param>
/// <param name="InterfacesByName">The same by name, the first of a name (a rename between listing and read may repeat one).</param>
/// <param name="Netns">The host's network namespace inode, or null if it could not be read.</param>
/// <param name="Namespaces">Each container's namespace read, by container id.</param>
internal sealed record HostRead(
    ImmutableArray<NetInterface> Interfaces,
    IReadOnlyDictionary<string, NetInterface> InterfacesByName,
    ulong? Netns,
    IReadOnlyDictionary<string, NamespaceRead> Namespaces)
{
    public static HostRead Of(ImmutableArray<NetInterface> interfaces, ulong? netns, IReadOnlyDictionary<string, NamespaceRead> namespaces)
    {
        var byName = new Dictionary<string, NetInterface>(interfaces.Length, StringComparer.Ordinal);
        foreach (var netInterface in interfaces)
        {
            byName.TryAdd(netInterface.Name, netInterface);
        }

        return new HostRead(interfaces, byName, netns, namespaces);
    }
}

/// <summary>What was read of one container's network namespace.</summary>
/// <param name="Netns">The namespace inode; null if unreadable, or refused (a pid that may not be the container's).</param>
/// <param name="Interfaces">Its interfaces, if the container owns the namespace; empty for host, none and container: modes.</param>
/// <param name="Gateway">Its IPv4 default gateway, or null.</param>
/// <param name="NetnsPath">The file the namespace was read through (/proc/PID/ns/net), where the kernel is asked about it again; empty if unread.</param>
/// <param name="NetDevPath">The same process's /proc/PID/net/dev, where interfaces with no host veth are counted; empty if unread.</param>
internal sealed record NamespaceRead(ulong? Netns, ImmutableArray<NetInterface> Interfaces, string? Gateway, string NetnsPath = "", string NetDevPath = "")
{
    public static NamespaceRead Unread { get; } = new(null, [], null);
}
