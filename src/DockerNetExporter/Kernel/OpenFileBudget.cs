namespace DockerNetExporter.Kernel;

/// <summary>
/// How many files the exporter may keep open for its series: their share of its limit on open
/// descriptors (<see cref="OpenFileShares"/>). Past the budget a file is refused, not opened, and
/// its series is skipped and counted: a process with no descriptor left cannot accept a scrape, and
/// .NET aborts ("Out of memory.") on a TLS handshake that cannot open what it needs. Thread-safe.
/// </summary>
internal sealed class OpenFileBudget(long capacity, ILogger logger)
{
    private readonly Once spentWarning = new();
    private long kept;

    /// <summary>A budget that refuses nothing, for tests and benchmarks.</summary>
    public static OpenFileBudget Unlimited { get; } = new(long.MaxValue, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public long Capacity => capacity;

    /// <summary>Files kept open now.</summary>
    public long Kept => Interlocked.Read(ref kept);

    /// <summary>Takes one file from the budget; false, and one warning for the process's life, once it is spent.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref kept) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref kept);
        if (spentWarning.TryTake())
        {
            Log.OpenFileBudgetSpent(logger, capacity);
        }

        return false;
    }

    public void Release() => Interlocked.Decrement(ref kept);
}
