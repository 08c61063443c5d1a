namespace DockerNetExporter.Configuration;

/// <summary>Where a scrape reads the interface counters from (--counters.source).</summary>
internal enum CounterSource
{
    /// <summary>Eight kept-open files per interface under /sys/class/net/IFACE/statistics.</summary>
    Sysfs,

    /// <summary>One read of the host namespace's /proc/net/dev for every interface.</summary>
    ProcNetDev,
}
