using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A procfs file of a network namespace (net/dev, net/snmp, ...), kept open and re-read whole from
/// offset 0 at every scrape: the kernel makes the content afresh on each read from offset 0, and
/// the handle stays bound to the namespace it was opened in. Content is read into a pooled buffer,
/// so a read allocates nothing once warm.
/// </summary>
internal sealed class KeptOpenFile : IDisposable
{
    private readonly SafeFileHandle handle;
    private readonly OpenFileBudget? budget;
    private readonly int maxBytes;

    // The largest content read so far: the next read rents that much at once.
    private int expectedBytes;

    private KeptOpenFile(string path, SafeFileHandle handle, int maxBytes, OpenFileBudget? budget)
    {
        Path = path;
        this.handle = handle;
        this.maxBytes = maxBytes;
        this.budget = budget;
        expectedBytes = Math.Min(16 * 1024, maxBytes);
    }

    public string Path { get; }

    /// <summary>Opens the file, or throws why not.</summary>
    /// <param name="maxBytes">Content this long or longer is not the file expected: its read fails.</param>
    public static KeptOpenFile Open(string path, int maxBytes) => new(path, OpenHandle(path), maxBytes, budget: null);

    /// <summary>
    /// A process's /proc/PID/net/FILE, kept only if the process is in namespace <paramref name="netns"/>
    /// once the file is open: the handle is bound to the namespace of whatever process held the pid at
    /// the open, which may have exited and given its pid to another since the namespace was read.
    /// Null if the budget has no file left, the file cannot be opened, or the namespace is another.
    /// </summary>
    /// <param name="netnsLink">The same process's /proc/PID/ns/net.</param>
    public static KeptOpenFile? TryOpenOfNamespace(string path, string netnsLink, ulong netns, OpenFileBudget budget, int maxBytes)
    {
        if (!budget.TryTake())
        {
            return null;
        }

        KeptOpenFile file;
        try
        {
            file = new KeptOpenFile(path, OpenHandle(path), maxBytes, budget);
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
    public bool TryRead(out PooledContent content)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Volatile.Read(ref expectedBytes));
        try
        {
            var length = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length >= maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    content = default;
                    return false;
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes));
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            if (length > Volatile.Read(ref expectedBytes))
            {
                Volatile.Write(ref expectedBytes, (int)Math.Min(length + 4096L, maxBytes));
            }

            content = new PooledContent(buffer, length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            content = default;
            return false;
        }
    }

    public void Dispose()
    {
        if (!handle.IsClosed)
        {
            handle.Dispose();
            budget?.Release();
        }
    }

    private static SafeFileHandle OpenHandle(string path) => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
}

/// <summary>The content of one read of a kept-open file, in a pooled buffer that <see cref="Dispose"/> returns.</summary>
internal readonly struct PooledContent(byte[] buffer, int length) : IDisposable
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
