namespace DockerNetExporter.Kernel;

/// <summary>
/// Counts the items skipped because a kernel file was missing, unreadable or held garbage, by the
/// stage that skipped them; exported as dockernet_read_errors_total. Lock-free: the scrape adds to it.
/// </summary>
internal sealed class ReadErrors
{
    private long discovery;
    private long scrape;

    public long DiscoveryCount => Interlocked.Read(ref discovery);

    public long ScrapeCount => Interlocked.Read(ref scrape);

    public void Discovery() => Interlocked.Increment(ref discovery);

    public void Scrape() => Interlocked.Increment(ref scrape);
}
