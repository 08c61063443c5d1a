using System.Buffers;
using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A namespace's /proc/net/dev, kept open and re-read from offset 0 at every scrape: one read gives
/// every interface's counters (net/core/net-procfs.c, dev_seq_show), about six times cheaper than
/// eight sysfs files per interface at 1,000 interfaces. The handle stays bound to the namespace it
/// was opened in. Content is read into a pooled buffer, so a read allocates nothing once warm.
/// </summary>
internal sealed class NetDevFile : IDisposable
{
    /// <summary>Numbers on an interface's line: 8 receive, then 8 transmit.</summary>
    private const int Fields = 16;

    private readonly SafeFileHandle handle;
    private readonly OpenFileBudget? budget;

    // The largest content read so far: the next read rents that much at once.
    private int expectedBytes = 16 * 1024;

    private NetDevFile(string path, SafeFileHandle handle, OpenFileBudget? budget = null)
    {
        Path = path;
        this.handle = handle;
        this.budget = budget;
    }

    public string Path { get; }

    /// <summary>Opens the file, or says why not.</summary>
    public static NetDevFile Open(string path) => new(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));

    /// <summary>
    /// A process's /proc/PID/net/dev, kept only if the process is in namespace <paramref name="netns"/>
    /// once the file is open: the handle is bound to the namespace of whatever process held the pid at
    /// the open, which may have exited and given its pid to another since the namespace was read.
    /// Null if the budget has no file left, the file cannot be opened, or the namespace is another.
    /// </summary>
    /// <param name="netnsLink">The same process's /proc/PID/ns/net.</param>
    public static NetDevFile? TryOpenOfNamespace(string path, string netnsLink, ulong netns, OpenFileBudget budget)
    {
        if (!budget.TryTake())
        {
            return null;
        }

        NetDevFile file;
        try
        {
            file = new NetDevFile(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), budget);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            budget.Release();
            return null;
        }

        if (NetNamespaceReader.TryRead(netnsLink, out var inode, out _) && inode == netns)
        {
            return file;
        }

        file.Dispose();
        return null;
    }

    /// <summary>The whole file as it is now; dispose the content to return its buffer.</summary>
    public bool TryRead(out NetDevContent content)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Volatile.Read(ref expectedBytes));
        try
        {
            var length = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            if (length > Volatile.Read(ref expectedBytes))
            {
                Volatile.Write(ref expectedBytes, length + 4096);
            }

            content = new NetDevContent(buffer, length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            content = default;
            return false;
        }
    }

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

    public void Dispose()
    {
        if (!handle.IsClosed)
        {
            handle.Dispose();
            budget?.Release();
        }
    }
}

/// <summary>The content of one read of /proc/net/dev, in a pooled buffer that <see cref="Dispose"/> returns.</summary>
internal readonly struct NetDevContent(byte[] buffer, int length) : IDisposable
{
    public ReadOnlySpan<byte> Text => buffer.AsSpan(0, length);

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
