using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;

namespace DockerNetExporter.Namespaces;

/// <summary>
/// Finds every network namespace on the host from the kernel alone, with no container API: those
/// of processes (/proc/PID/ns/net, one per inode, the first process by pid standing for it) and
/// those kept by a file without a process (/run/netns, /run/docker/netns). The host's own is left
/// out. Each is read whole: its interfaces through its first process's view of sysfs, or through
/// netlink from inside it where there is no process or that view is the host's (a process that
/// unshared its namespace without mounting sysfs again, as slirp4netns and sysbox leave them); its
/// addresses and default gateway through netlink. Runs at discovery, never at scrape, one scan at a time.
/// </summary>
internal sealed class KernelNamespaceSource(
    KernelPaths paths, NetClassReader netClass, INetlinkReader netlink, BoundedReads bounded, ReadErrors readErrors, EffectiveCapabilities capabilities,
    ILogger<KernelNamespaceSource> logger)
{
    private const int IdShown = 12;

    // Said once each, at warning level: they point at the deployment's privileges, not at one namespace.
    private readonly Once deniedProcessesWarning = new();
    private readonly Once netlinkWarning = new();

    /// <param name="known">Namespaces left out: the host's, and those a container runtime accounts for.</param>
    public KernelScan Scan(IReadOnlySet<ulong> known)
    {
        var started = Stopwatch.GetTimestamp();
        var candidates = new SortedDictionary<ulong, Candidate>();
        AddProcesses(candidates, known);
        AddNamedFiles(candidates, known);
        var hostNames = netClass.InterfaceNames(paths.HostNetClass);
        var found = ImmutableArray.CreateBuilder<KernelNamespace>(candidates.Count);
        foreach (var (inode, candidate) in candidates)
        {
            if (Read(inode, candidate, hostNames) is { } read)
            {
                found.Add(read);
            }
        }

        Log.KernelScanDone(logger, found.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new KernelScan(found.ToImmutable(), ReadHostAddresses());
    }

    /// <summary>The host namespace's addresses by interface, for telling where a gateway is; null if netlink cannot read it. One netlink dump, read at every mapping.</summary>
    /// <remarks>
    /// PID 1's namespace is the host's. The exporter's own stands in only where it is that one, or
    /// where PID 1's cannot be told (as the mapper takes it for the host's then): an exporter in a
    /// container of its own, refused entry to PID 1's, would take its own addresses for the host's.
    /// </remarks>
    public ImmutableDictionary<string, ImmutableArray<string>>? ReadHostAddresses()
    {
        var pidOne = paths.HostNetNamespaceCandidates.First();
        var view = netlink.TryRead(pidOne, paths.SelfNetNamespace, out var error);
        if (view is null)
        {
            Log.NetlinkFailed(logger, pidOne, error);
            var hostKnown = NetNamespaceReader.TryRead(pidOne, out var host, out _);
            if (hostKnown && (!NetNamespaceReader.TryRead(paths.SelfNetNamespace, out var self, out _) || self != host))
            {
                return null;
            }

            view = netlink.TryRead(paths.SelfNetNamespace, paths.SelfNetNamespace, out error);
            if (view is null)
            {
                Log.NetlinkFailed(logger, paths.SelfNetNamespace, error);
                return null;
            }
        }

        var names = view.Links.GroupBy(l => l.IfIndex).ToDictionary(g => g.Key, g => g.Last().Name);
        return view.Addresses
            .Where(a => names.ContainsKey(a.IfIndex))
            .GroupBy(a => names[a.IfIndex], StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Select(a => a.Address).Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
    }

    private void AddProcesses(SortedDictionary<ulong, Candidate> candidates, IReadOnlySet<ulong> known)
    {
        var denied = 0;
        string? firstDenied = null;
        foreach (var pid in Pids())
        {
            var link = paths.ProcessNetNamespace(pid);
            if (!NetNamespaceReader.TryRead(link, out var inode, out var wasDenied))
            {
                // Else the process has exited since the listing.
                if (wasDenied)
                {
                    denied++;
                    firstDenied ??= link;
                }

                continue;
            }

            if (!known.Contains(inode) && (!candidates.TryGetValue(inode, out var first) || first.Pid > pid))
            {
                candidates[inode] = new Candidate(pid, null);
            }
        }

        if (denied > 0)
        {
            readErrors.Discovery();
            if (deniedProcessesWarning.TryTake())
            {
                Log.ProcessNamespacesDenied(logger, denied, firstDenied!, capabilities.WhyRefused(Capability.SysPtrace));
            }
        }
    }

    private void AddNamedFiles(SortedDictionary<ulong, Candidate> candidates, IReadOnlySet<ulong> known)
    {
        foreach (var directory in paths.NamedNetnsDirectories)
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // no such directory: nothing was ever named there
            }

            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                if (Statx.TryGetMountedInode(file, out var inode) && !known.Contains(inode))
                {
                    candidates[inode] = candidates.TryGetValue(inode, out var found) ? found with { File = found.File ?? file } : new Candidate(null, file);
                }
            }
        }
    }

    private KernelNamespace? Read(ulong inode, Candidate candidate, HashSet<string> hostNames)
    {
        var nsPath = candidate.Pid is { } pid ? paths.ProcessNetNamespace(pid) : candidate.File!;
        var view = netlink.TryRead(nsPath, paths.SelfNetNamespace, out var error);
        if (view is null)
        {
            Log.NetlinkFailed(logger, nsPath, error);
            if (error == 1 && netlinkWarning.TryTake())
            {
                Log.NetlinkDenied(logger, nsPath, capabilities.WhyRefused(Capability.SysAdmin));
            }
        }

        var interfaces = candidate.Pid is { } owner && ReadThroughProcess(owner, inode, hostNames) is { IsEmpty: false } throughSysfs
            ? throughSysfs
            : view is null ? (ImmutableArray<NetInterface>?)null : KernelNamespace.InterfacesOf(view);
        var gateway = view is not null
            ? view.Gateway
            : (candidate.Pid is { } routed && RouteTable.TryReadDefaultGateway(paths.ProcessRoutes(routed), out var read) ? read : null);

        // A process that exited during the reads may have left its pid to one in another namespace.
        if (interfaces is null || (candidate.Pid is not null && (!NetNamespaceReader.TryRead(nsPath, out var after, out _) || after != inode)))
        {
            readErrors.Discovery();
            Log.UnreadableNamespace(logger, inode, nsPath);
            return null;
        }

        var (name, source, id) = NameOf(inode, candidate);
        return new KernelNamespace(
            inode, nsPath, name, source, id, interfaces.Value, view?.Addresses ?? [], gateway, view is null ? [] : KernelNamespace.VxlansOf(view),
            candidate.Pid is { } process ? paths.ProcessNetDev(process) : "");
    }

    /// <summary>
    /// Interfaces through /proc/PID/root/sys/class/net, within the time bound on reads through a
    /// namespace's own mounts; empty if unreadable, hanging, or if it lists the host's interfaces,
    /// not the namespace's. Netlink, which no mount can touch, reads the namespace then.
    /// </summary>
    private ImmutableArray<NetInterface> ReadThroughProcess(long pid, ulong inode, HashSet<string> hostNames)
    {
        var directory = paths.ProcessNetClass(pid);
        return bounded.TryRun(
            directory,
            () => netClass.InterfaceNames(directory) is { Count: > 0 } names && !names.SetEquals(hostNames) ? netClass.ReadAll(directory, owner: $"netns {inode}") : [],
            out var interfaces)
            ? interfaces
            : [];
    }

    private (string Name, KernelNameSource Source, string? Id) NameOf(ulong inode, Candidate candidate)
    {
        if (candidate.Pid is { } pid && ProcFile.TryReadAll(paths.ProcessCgroup(pid), out var cgroup) && CgroupContainer.TryParse(cgroup, out var id))
        {
            return (id[..IdShown], KernelNameSource.Cgroup, id);
        }

        if (candidate.File is { } file)
        {
            return (Path.GetFileName(file), KernelNameSource.NetnsFile, null);
        }

        var name = ProcFile.TryReadAll(paths.ProcessName(candidate.Pid!.Value), out var comm) ? System.Text.Encoding.UTF8.GetString(comm).TrimEnd('\n') : "";
        return (name.Length > 0 ? name : $"netns-{inode}", KernelNameSource.Process, null);
    }

    private IEnumerable<long> Pids()
    {
        string[] entries;
        try
        {
            entries = Directory.GetDirectories(paths.ProcfsRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            readErrors.Discovery();
            Log.UnreadableDirectory(logger, paths.ProcfsRoot, e.Message);
            return [];
        }

        return entries
            .Select(entry => long.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);
    }

    /// <param name="Pid">The lowest pid in the namespace, or null if none is.</param>
    /// <param name="File">A file under /run/netns or /run/docker/netns that keeps it, or null.</param>
    private sealed record Candidate(long? Pid, string? File);
}
