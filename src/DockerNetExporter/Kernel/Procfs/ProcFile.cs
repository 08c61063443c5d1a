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

        try
        {
            using var read = new MemoryStream();
            var chunk = new byte[ChunkBytes];
            int length;
            while ((length = RandomAccess.Read(handle, chunk, read.Length)) > 0)
            {
                if (read.Length + length > MaxBytes)
                {
                    return false;
                }

                read.Write(chunk, 0, length);
            }

            content = read.ToArray();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
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
