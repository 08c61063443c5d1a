namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A namespace's /proc/PID/net/snmp, netstat or snmp6, kept open and parsed at each read into its
/// counters, in place: nothing allocated once warm.
/// </summary>
internal sealed class ProtocolFile<TCounters>(KeptOpenFile file, IProtocolParser<TCounters> parser) : IDisposable
    where TCounters : struct
{
    public string Path => file.Path;

    /// <summary>The counters as the file shows them now; false if the read fails or the content is none of them.</summary>
    public bool TryRead(out TCounters counters)
    {
        if (!file.TryRead(out var content))
        {
            counters = default;
            return false;
        }

        using (content)
        {
            return parser.TryParse(content.Text, out counters);
        }
    }

    public void Dispose() => file.Dispose();
}

/// <summary>Opens a <see cref="ProtocolFile{TCounters}"/>.</summary>
internal static class ProtocolFile
{
    /// <summary>Each of these files is a few KiB (netstat, the largest, 4 KiB on Linux 6.18): 64 KiB or more is not one of them.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Opens the file, or throws why not.</summary>
    public static ProtocolFile<TCounters> Open<TCounters>(string path, IProtocolParser<TCounters> parser)
        where TCounters : struct => new(KeptOpenFile.Open(path, MaxBytes), parser);

    /// <summary>A process's /proc/PID/net/FILE, as <see cref="KeptOpenFile.TryOpenOfNamespace"/> keeps it.</summary>
    public static ProtocolFile<TCounters>? TryOpenOfNamespace<TCounters>(
        string path, string netnsLink, ulong netns, OpenFileBudget budget, IProtocolParser<TCounters> parser)
        where TCounters : struct =>
        KeptOpenFile.TryOpenOfNamespace(path, netnsLink, netns, budget, MaxBytes) is { } file ? new(file, parser) : null;
}
