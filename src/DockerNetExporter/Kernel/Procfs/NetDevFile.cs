using System.Buffers.Text;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A namespace's /proc/net/dev, kept open and re-read from offset 0 at every scrape: one read gives
/// every interface's counters (net/core/net-procfs.c, dev_seq_show), about six times cheaper than
/// eight sysfs files per interface at 1,000 interfaces. Kept open as a
/// <see cref="KeptOpenFile"/>.
/// </summary>
internal sealed class NetDevFile : IDisposable
{
    /// <summary>Numbers on an interface's line: 8 receive, then 8 transmit.</summary>
    private const int Fields = 16;

    // The host's: no bound of its own but the largest array, a line per interface, as many as the host holds.
    private static readonly int MaxBytes = Array.MaxLength;

    /// <summary>
    /// A container's or a sandbox's: a namespace's owner with CAP_NET_ADMIN adds as many links as it
    /// likes, and every scrape would read them all. About 2,000 lines of some 120 bytes; a longer
    /// file fails its read, counted as any failed read.
    /// </summary>
    public const int NamespaceMaxBytes = 256 * 1024;

    private readonly KeptOpenFile file;

    private NetDevFile(KeptOpenFile file) => this.file = file;

    public string Path => file.Path;

    /// <summary>Opens the file, or says why not.</summary>
    public static NetDevFile Open(string path) => new(KeptOpenFile.Open(path, MaxBytes));

    /// <summary>A process's /proc/PID/net/dev, as <see cref="KeptOpenFile.TryOpenOfNamespace"/> keeps it, read up to <see cref="NamespaceMaxBytes"/>.</summary>
    public static NetDevFile? TryOpenOfNamespace(string path, string netnsLink, ulong netns, OpenFileBudget budget) =>
        KeptOpenFile.TryOpenOfNamespace(path, netnsLink, netns, budget, NamespaceMaxBytes) is { } file ? new NetDevFile(file) : null;

    /// <summary>The whole file as it is now; dispose the content to return its buffer.</summary>
    public bool TryRead(out PooledContent content) => file.TryRead(out content);

    /// <summary>
    /// The counters on the line of the interface named <paramref name="name"/> (its UTF-8 bytes), from
    /// one read of the whole file; false if the read fails or no well-formed line has that name.
    /// </summary>
    public bool TryReadInterface(ReadOnlySpan<byte> name, out InterfaceCounters counters)
    {
        counters = default;
        if (!TryRead(out var content))
        {
            return false;
        }

        using (content)
        {
            var text = content.Text;
            foreach (var range in text.Split((byte)'\n'))
            {
                if (TryParseLine(text[range], out var lineName, out var lineCounters) && lineName.SequenceEqual(name))
                {
                    counters = lineCounters;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// One interface's line, <c>%6s: %7llu %7llu ...</c>: its name (interface names hold no ':' nor
    /// blanks, dev_valid_name), then rx bytes, packets, errs, drop (rx_dropped + rx_missed_errors),
    /// fifo, frame, compressed, multicast; tx bytes, packets, errs, drop, fifo, colls, carrier,
    /// compressed. The two header lines, and anything but 16 numbers, are rejected.
    /// </summary>
    public static bool TryParseLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out InterfaceCounters counters)
    {
        name = default;
        counters = default;
        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        Span<ulong> values = stackalloc ulong[Fields];
        var rest = line[(colon + 1)..];
        for (var field = 0; field < Fields; field++)
        {
            var trimmed = rest.TrimStart((byte)' ');
            if (trimmed.Length == rest.Length || !Utf8Parser.TryParse(trimmed, out values[field], out var consumed))
            {
                return false; // numbers are separated by at least one space
            }

            rest = trimmed[consumed..];
        }

        name = line[..colon].TrimStart((byte)' ');
        if (name.IsEmpty || name.IndexOfAny((byte)' ', (byte)'\t') >= 0 || !rest.TrimEnd("\r\n "u8).IsEmpty)
        {
            name = default;
            return false;
        }

        counters = new InterfaceCounters(values[0], values[1], values[2], values[3], values[8], values[9], values[10], values[11]);
        return true;
    }

    public void Dispose() => file.Dispose();
}
