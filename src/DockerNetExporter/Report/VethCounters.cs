using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Report;

/// <summary>The statistics of every mapped veth of a snapshot, read once, for rates over an interval.</summary>
internal static class VethCounters
{
    /// <summary>By veth name; a veth whose files cannot be read, or are past <paramref name="budget"/>, is left out.</summary>
    public static Dictionary<string, InterfaceCounters> Read(TopologySnapshot snapshot, OpenFileBudget budget)
    {
        var counters = new Dictionary<string, InterfaceCounters>(StringComparer.Ordinal);
        foreach (var link in snapshot.Containers.SelectMany(c => c.Interfaces))
        {
            using var handles = StatisticsHandles.TryOpen(link.VethDirectory, budget);
            if (handles is not null && handles.TryRead(out var read))
            {
                counters[link.Veth] = read;
            }
        }

        return counters;
    }
}
