using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The exporter's own process and runtime, with the names of the Prometheus client libraries'
/// process collectors (process_cpu_seconds_total, process_open_fds, ...), read from procfs at
/// every scrape. Not prometheus-net's DotNetStats: it counts open handles through
/// Process.HandleCount, which stats every entry of /proc/self/fd, and the exporter keeps about ten
/// files open per container, so at 200 containers that took three quarters of each scrape.
/// </summary>
internal sealed class ProcessMetrics
{
    private readonly KernelPaths paths;
    private readonly Counter cpuSeconds;
    private readonly Gauge openFds;
    private readonly Gauge maxFds;
    private readonly Gauge virtualMemory;
    private readonly Gauge residentMemory;
    private readonly Gauge threads;
    private readonly Counter.Child[] collections;
    private readonly Gauge managedMemory;
    private readonly Counter allocatedBytes;

    public ProcessMetrics(CollectorRegistry registry, KernelPaths paths)
    {
        this.paths = paths;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var fromKernel = new GaugeConfiguration { SuppressInitialValue = true };
        cpuSeconds = factory.CreateCounter(
            "process_cpu_seconds_total", "User and system CPU time spent, in seconds (/proc/self/stat).", new CounterConfiguration { SuppressInitialValue = true });
        openFds = factory.CreateGauge("process_open_fds", "Open file descriptors (the size of /proc/self/fd, or the entries of /proc/self/fdinfo before Linux 6.2).", fromKernel);
        maxFds = factory.CreateGauge("process_max_fds", "The soft limit on open file descriptors (/proc/self/limits).", fromKernel);
        virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes (/proc/self/stat).", fromKernel);
        residentMemory = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes (/proc/self/stat).", fromKernel);
        var startTime = factory.CreateGauge(
            "process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds (/proc/self/stat, /proc/stat).", fromKernel);
        threads = factory.CreateGauge("process_num_threads", "Threads of the process (/proc/self/stat).", fromKernel);
        var collectionCount = factory.CreateCounter(
            "dotnet_collection_count_total", "Garbage collections since the process started, by generation.", "generation");
        collections = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collectionCount.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        managedMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Bytes the garbage collector counts as allocated (GC.GetTotalMemory).");
        allocatedBytes = factory.CreateCounter(
            "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started (GC.GetTotalAllocatedBytes).");

        // The start does not move: read once.
        if (ProcFile.TryReadAll(paths.SelfStat, out var content) && ProcessStat.TryParse(content, out var stat)
            && ProcessStartTime.TryReadBootTime(paths.ProcStat, out var bootTime))
        {
            startTime.Set((bootTime.ToUnixTimeMilliseconds() / 1000.0) + ((double)stat.StartTicks / ProcessStat.ClockTicksPerSecond));
        }
    }

    /// <summary>Takes what it can read; a file it cannot read leaves its series as they were.</summary>
    public void Collect()
    {
        if (ProcFile.TryReadAll(paths.SelfStat, out var content) && ProcessStat.TryParse(content, out var stat))
        {
            cpuSeconds.IncTo((double)(stat.UserTicks + stat.SystemTicks) / ProcessStat.ClockTicksPerSecond);
            threads.Set(stat.Threads);
            virtualMemory.Set(stat.VirtualBytes);
            residentMemory.Set(stat.ResidentPages * (double)Environment.SystemPageSize);
        }

        if (OpenFiles.TryCount(paths.SelfFd, paths.SelfFdInfo, out var open))
        {
            openFds.Set(open);
        }

        if (ProcFile.TryReadAll(paths.SelfLimits, out var limits) && OpenFiles.TryParseSoftLimit(limits, out var soft))
        {
            maxFds.Set(soft);
        }

        for (var generation = 0; generation < collections.Length; generation++)
        {
            collections[generation].IncTo(GC.CollectionCount(generation));
        }

        managedMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        allocatedBytes.IncTo(GC.GetTotalAllocatedBytes(precise: false));
    }
}
