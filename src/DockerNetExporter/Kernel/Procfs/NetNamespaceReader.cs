using System.Globalization;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// Reads the network namespace inode from a /proc/PID/ns/net link, whose target reads
/// <c>net:[4026532184]</c> (proc(5), /proc/pid/ns/). Two processes share a netns when the inodes match.
/// </summary>
internal static class NetNamespaceReader
{
    /// <param name="denied">Whether the link exists but may not be read: another user's process, without CAP_SYS_PTRACE.</param>
    public static bool TryRead(string nsLinkPath, out ulong inode, out bool denied)
    {
        inode = 0;
        denied = false;
        string? target;
        try
        {
            var link = new FileInfo(nsLinkPath);
            target = link.LinkTarget;

            // readlink(2) fails with EACCES on another user's process without CAP_SYS_PTRACE, and
            // .NET then reports no target at all; the link itself still exists (lstat works).
            denied = target is null && link.Exists;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            denied = e is UnauthorizedAccessException;
            return false;
        }

        return target is not null
            && target.StartsWith("net:[", StringComparison.Ordinal)
            && target.EndsWith(']')
            && ulong.TryParse(target.AsSpan(5, target.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}
