using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Report;

/// <summary>The statistics of every mapped veth of a snapshot, read once, for rates over an interval.</summary>
internal static class VethCounters
{
    /// <summary>By veth name; a veth whose files cannot be read, or are past <paramref name="budget"/>, is left out.</summary>
    /// <param name="sysfs">The type of the host's sysfs, which the files must be on (<see cref="KernelPaths.SysfsType"/>).</param>
    public static Dictionary<string, InterfaceCounters> Read(TopologySnapshot snapshot, FileSystemType sysfs, OpenFileBudget budget)
    {
        var counters = new Dictionary<string, InterfaceCounters>(StringComparer.Ordinal);
        foreach (var link in snapshot.Containers.SelectMany(c => c.Interfaces))
        {
            using var handles = StatisticsHandles.TryOpen(link.VethDirectory, sysfs, budget);
            if (handles is not null && handles.TryRead(out var read))
            {
                counters[link.Veth] = read;
            }
        }

        return counters;
    }
}
