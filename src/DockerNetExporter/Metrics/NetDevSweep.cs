using System.Buffers;
using System.Text;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The counters of every series of a plan from one read of the host's /proc/net/dev
/// (--counters.source=proc-net-dev), matched to the series by interface name. A series whose
/// interface is not in the file, or whose line is malformed, is skipped and counted, as a failed
/// sysfs read would be. Allocates nothing once warm.
/// </summary>
internal sealed class NetDevSweep(NetDevFile file) : ICounterSource
{
    /// <summary>IFNAMSIZ is 16 bytes; a longer name is no interface's.</summary>
    private const int MaxNameChars = 16;

    /// <summary>The series read no statistics file of their own.</summary>
    public bool KeepsStatisticsOpen => false;

    public void Collect(ScrapePlan plan, ReadErrors readErrors, ILogger logger)
    {
        var series = plan.HostCounted;
        var updated = ArrayPool<bool>.Shared.Rent(series.Length);
        Array.Clear(updated, 0, series.Length);
        try
        {
            if (file.TryRead(out var content))
            {
                using (content)
                {
                    Match(plan, content.Text, updated);
                }
            }

            for (var i = 0; i < series.Length; i++)
            {
                if (!updated[i])
                {
                    series[i].SkipCounters(readErrors, logger);
                }
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(updated);
        }
    }

    private static void Match(ScrapePlan plan, ReadOnlySpan<byte> text, bool[] updated)
    {
        var byName = plan.SeriesByCountersInterface.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> name = stackalloc char[MaxNameChars];
        foreach (var range in text.Split((byte)'\n'))
        {
            if (!NetDevFile.TryParseLine(text[range], out var nameBytes, out var counters)
                || nameBytes.Length > MaxNameChars
                || !Encoding.UTF8.TryGetChars(nameBytes, name, out var chars)
                || !byName.TryGetValue(name[..chars], out var indices))
            {
                continue;
            }

            foreach (var index in indices)
            {
                plan.HostCounted[index].UpdateCounters(counters);
                updated[index] = true;
            }
        }
    }
}
