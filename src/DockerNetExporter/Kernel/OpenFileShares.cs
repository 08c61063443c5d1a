namespace DockerNetExporter.Kernel;

/// <summary>
/// How the exporter's limit on open files is shared, so that no use of descriptors can take the
/// others': a reserve for what it must still open, the inbound connections (--web.max-connections,
/// at most half of what the reserve leaves), and the series' files (<see cref="OpenFileBudget"/>,
/// the rest). At the limit nothing can be opened: Kestrel's accept loop retries EMFILE without
/// pause, and .NET aborts ("Out of memory.") when a new thread cannot open its pipe.
/// </summary>
/// <param name="Connections">Inbound connections that may be open at once.</param>
/// <param name="SeriesFiles">Files the series may keep open.</param>
internal sealed record OpenFileShares(int Connections, long SeriesFiles)
{
    /// <summary>
    /// The smallest reserve, in descriptors; a tenth of the limit when that is more. The runtime alone
    /// holds about 270 once serving (two per loaded assembly); the rest is for what comes and goes:
    /// the Docker API's connections, discovery's reads and netlink sockets, TLS, new threads' pipes.
    /// </summary>
    private const long MinReserve = 512;

    /// <summary>The shares under a soft limit on open files (RLIMIT_NOFILE, which .NET raises to the hard limit at start).</summary>
    /// <param name="wantedConnections">
    /// What --web.max-connections asks for; fewer are granted if half of what the reserve leaves is
    /// less, but at least one, so that a limit too low for the reserve still lets /healthz answer.
    /// </param>
    public static OpenFileShares Under(ulong softLimit, int wantedConnections)
    {
        var limit = (long)Math.Min(softLimit, long.MaxValue);
        var unreserved = Math.Max(0, limit - Math.Max(MinReserve, limit / 10));
        var connections = (int)Math.Min(wantedConnections, Math.Max(1, unreserved / 2));
        return new OpenFileShares(connections, Math.Max(0, unreserved - connections));
    }

    /// <summary>The shares when the limit cannot be read: the connections asked for, and no limit on the series.</summary>
    public static OpenFileShares Unlimited(int wantedConnections) => new(wantedConnections, long.MaxValue);
}
