namespace DockerNetExporter.Runtime;

/// <summary>
/// Whether discovery's last sync or events session with the container runtime's API (Docker's)
/// succeeded, and if not, why; with a count of failures per reason. Written by discovery, read by
/// the scrape as dockernet_docker_up and dockernet_docker_errors_total. Starts unknown (not up),
/// so the first state is said too.
/// </summary>
internal sealed class RuntimeHealth
{
    private const int Unknown = -2;
    private const int Up = -1;

    /// <summary><see cref="Unknown"/>, <see cref="Up"/>, or down for the <see cref="RuntimeFailure"/> of that number.</summary>
    private int condition = Unknown;

    private readonly long[] failures = new long[RuntimeFailureLabels.All.Count];

    public bool IsUp => Volatile.Read(ref condition) == Up;

    /// <summary>How many syncs or sessions failed for <paramref name="reason"/> since the start.</summary>
    public long Failures(RuntimeFailure reason) => Interlocked.Read(ref failures[(int)reason]);

    /// <summary>Records a sync that succeeded; true if the runtime was not up before.</summary>
    public bool MarkUp() => Interlocked.Exchange(ref condition, Up) != Up;

    /// <summary>
    /// Records a sync or session that failed, and counts it; true if the runtime was up, unknown or
    /// down for another reason before, so each change is said once, not each retry.
    /// </summary>
    public bool MarkDown(RuntimeFailure reason)
    {
        Interlocked.Increment(ref failures[(int)reason]);
        return Interlocked.Exchange(ref condition, (int)reason) != (int)reason;
    }
}
