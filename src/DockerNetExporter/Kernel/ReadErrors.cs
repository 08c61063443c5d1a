namespace DockerNetExporter.Kernel;

/// <summary>
/// Counts the items skipped because a kernel file was missing, unreadable or held garbage, by the
/// stage that skipped them; exported as dockernet_read_errors_total. Apart from them, the files
/// refused as not the kernel's (<see cref="KernelFile"/>; dockernet_kernel_files_refused_total) and
/// the namespace reads given up as hanging (<see cref="BoundedReads"/>; dockernet_namespace_reads_timed_out_total).
/// Lock-free: the scrape adds to it.
/// </summary>
internal sealed class ReadErrors
{
    private long discovery;
    private long scrape;
    private long refused;
    private long timedOut;

    public long DiscoveryCount => Interlocked.Read(ref discovery);

    public long ScrapeCount => Interlocked.Read(ref scrape);

    public long RefusedCount => Interlocked.Read(ref refused);

    public long TimedOutCount => Interlocked.Read(ref timedOut);

    public void Discovery() => Interlocked.Increment(ref discovery);

    public void Scrape() => Interlocked.Increment(ref scrape);

    public void Refused() => Interlocked.Increment(ref refused);

    public void TimedOut() => Interlocked.Increment(ref timedOut);
}
