using System.Buffers;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// Reads a whole procfs file, which reports a size of 0: read to the end, not to the size. Opened
/// through <see cref="KernelFile"/>, a regular file only, so that nothing there can block the read.
/// </summary>
internal static class ProcFile
{
    /// <summary>Far more than any file read here (/proc/PID/cgroup, stat, limits, net/route of a container); past it, garbage.</summary>
    private const int MaxBytes = 1 << 20;

    private const int ChunkBytes = 4096;

    public static bool TryReadAll(string path, out byte[] content)
    {
        content = [];
        using var handle = KernelFile.TryOpen(path, fileSystem: null, out _);
        if (handle is null)
        {
            return false;
        }

        // Read into a pooled buffer, grown as needed; only the content itself is allocated, as
        // File.ReadAllBytes does (a mapping reads two such files per container).
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var length = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    if (length >= MaxBytes)
                    {
                        return false;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            content = buffer.AsSpan(0, length).ToArray();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// What follows <paramref name="key"/> on the first line that starts with it, as in the
    /// "name value" files of procfs (/proc/stat's btime, /proc/PID/limits); false if no line does.
    /// </summary>
    public static bool TryFindLine(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> rest)
    {
        foreach (var range in content.Split((byte)'\n'))
        {
            if (content[range].StartsWith(key))
            {
                rest = content[range][key.Length..];
                return true;
            }
        }

        rest = default;
        return false;
    }
}
