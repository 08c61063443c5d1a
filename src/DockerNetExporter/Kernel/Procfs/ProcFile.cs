namespace DockerNetExporter.Kernel.Procfs;

/// <summary>Reads a whole procfs file, which reports a size of 0: read to the end, not to the size.</summary>
internal static class ProcFile
{
    public static bool TryReadAll(string path, out byte[] content)
    {
        try
        {
            content = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            content = [];
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
