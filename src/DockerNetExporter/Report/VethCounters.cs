using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Report;

/// <summary>The counters of every mapped container interface of a snapshot, read once, for rates over an interval.</summary>
internal static class VethCounters
{
    /// <summary>
    /// As the container sees them, by <see cref="Key"/>: from the host veth's statistics, or from the
    /// container's own /proc/PID/net/dev for a link with no host veth. An interface whose files cannot
    /// be read, or are past <paramref name="budget"/>, is left out.
    /// </summary>
    /// <param name="sysfs">The type of the host's sysfs, which the files must be on (<see cref="KernelPaths.SysfsType"/>).</param>
    /// <param name="namespaceNetDev">Opens the counters of an interface with no host veth, in its own namespace.</param>
    public static Dictionary<string, InterfaceCounters> Read(TopologySnapshot snapshot, FileSystemType sysfs, NamespaceNetDev namespaceNetDev, OpenFileBudget budget)
    {
        var counters = new Dictionary<string, InterfaceCounters>(StringComparer.Ordinal);
        foreach (var container in snapshot.Containers)
        {
            foreach (var link in container.Interfaces)
            {
                if (TryRead(link, sysfs, namespaceNetDev, budget, out var read))
                {
                    counters[Key(container, link)] = read;
                }
            }
        }

        return counters;
    }

    /// <summary>A container interface's key in what <see cref="Read"/> returns.</summary>
    public static string Key(ContainerNode container, VethLink link) => $"{container.Name}/{link.Interface}";

    private static bool TryRead(VethLink link, FileSystemType sysfs, NamespaceNetDev namespaceNetDev, OpenFileBudget budget, out InterfaceCounters read)
    {
        if (link.OwnCounters is { } own)
        {
            using var file = namespaceNetDev.TryOpen(own.NetDevPath, own.NetnsPath, own.Netns, budget);
            read = default;
            return file is not null && file.TryReadInterface(System.Text.Encoding.UTF8.GetBytes(link.Interface), out read);
        }

        using var handles = StatisticsHandles.TryOpen(link.VethDirectory, sysfs, budget);
        if (handles is not null && handles.TryRead(out var veth))
        {
            read = veth.AsSeenByPeer();
            return true;
        }

        read = default;
        return false;
    }
}
