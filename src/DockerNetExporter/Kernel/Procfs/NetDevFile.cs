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

    // The largest content read so far: the next read rents that much at once.
    private int expectedBytes = 16 * 1024;

    private NetDevFile(string path, SafeFileHandle handle)
    {
        Path = path;
        this.handle = handle;
    }

    public string Path { get; }

    /// <summary>Opens the file, or says why not.</summary>
    public static NetDevFile Open(string path) => new(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));

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

    public void Dispose() => handle.Dispose();
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
