namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>The eight kept-open files under /sys/class/net/IFACE/statistics of one interface.</summary>
internal sealed class StatisticsHandles : IDisposable
{
    // Order matches the InterfaceCounters constructor.
    private static readonly string[] FileNames =
    [
        "rx_bytes", "rx_packets", "rx_errors", "rx_dropped",
        "tx_bytes", "tx_packets", "tx_errors", "tx_dropped",
    ];

    private readonly SysfsAttributeHandle[] files;

    private StatisticsHandles(SysfsAttributeHandle[] files) => this.files = files;

    /// <summary>Opens all eight files of the interface directory, or none.</summary>
    /// <param name="fileSystem">The type of the sysfs the files belong to (<see cref="KernelPaths.SysfsType"/>).</param>
    public static StatisticsHandles? TryOpen(string interfaceDirectory, FileSystemType fileSystem, OpenFileBudget? budget = null)
    {
        var opened = new SysfsAttributeHandle[FileNames.Length];
        for (var i = 0; i < FileNames.Length; i++)
        {
            var handle = SysfsAttributeHandle.TryOpen(Path.Combine(interfaceDirectory, "statistics", FileNames[i]), fileSystem, budget);
            if (handle is null)
            {
                foreach (var done in opened.AsSpan(0, i))
                {
                    done.Dispose();
                }

                return null;
            }

            opened[i] = handle;
        }

        return new StatisticsHandles(opened);
    }

    public bool TryRead(out InterfaceCounters counters)
    {
        counters = default;
        Span<ulong> values = stackalloc ulong[8];
        for (var i = 0; i < files.Length; i++)
        {
            if (!files[i].TryReadUInt64(out values[i]))
            {
                return false;
            }
        }

        counters = new InterfaceCounters(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        return true;
    }

    public void Dispose()
    {
        foreach (var file in files)
        {
            file.Dispose();
        }
    }
}
