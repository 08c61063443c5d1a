using System.IO.Enumeration;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>A process's open file descriptors and its limit on them, from procfs (proc(5)).</summary>
internal static class OpenFiles
{
    /// <summary>
    /// Counts a process's open file descriptors. Since Linux 6.2 the size of /proc/PID/fd is that
    /// count (fs/proc/fd.c, proc_fd_getattr), one statx(2) whatever the number; before, it is 0, and
    /// the entries of /proc/PID/fdinfo are counted, one per descriptor (the enumeration's own
    /// included, as node_exporter's count of /proc/PID/fd includes its own). Not the entries of
    /// /proc/PID/fd: they are symlinks, which .NET's enumeration stats one by one, and the exporter
    /// keeps about ten files open per container.
    /// </summary>
    public static bool TryCount(string fdDirectory, string fdinfoDirectory, out int count)
    {
        if (Statx.TryGetSize(fdDirectory, out var size) && size is > 0 and <= int.MaxValue)
        {
            count = (int)size;
            return true;
        }

        return TryCountEntries(fdinfoDirectory, out count);
    }

    private static bool TryCountEntries(string fdinfoDirectory, out int count)
    {
        count = 0;
        try
        {
            // Skipping no attributes keeps the enumeration from asking for them.
            var entries = new FileSystemEnumerable<byte>(
                fdinfoDirectory, static (ref FileSystemEntry _) => 0, new EnumerationOptions { AttributesToSkip = 0 });
            foreach (var unused in entries)
            {
                count++;
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            count = 0;
            return false;
        }
    }

    /// <summary>
    /// The soft limit on open files from /proc/PID/limits (fs/proc/base.c, proc_pid_limits prints
    /// each limit as <c>%-25s %-20lu %-20lu %-10s</c>, or "unlimited", which is not a number and
    /// is rejected).
    /// </summary>
    public static bool TryParseSoftLimit(ReadOnlySpan<byte> limits, out ulong soft)
    {
        soft = 0;
        if (!ProcFile.TryFindLine(limits, "Max open files "u8, out var rest))
        {
            return false;
        }

        var values = rest.TrimStart((byte)' ');
        var end = values.IndexOf((byte)' ');
        var ok = KernelNumbers.TryParseUInt64(end < 0 ? values : values[..end], out var parsed);
        soft = ok ? parsed : 0;
        return ok;
    }
}
