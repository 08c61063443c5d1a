using System.Globalization;

namespace DockerNetExporter.Procfs;

/// <summary>
/// Reads the network namespace inode from a /proc/PID/ns/net link, whose target reads
/// <c>net:[4026532184]</c> (proc(5), /proc/pid/ns/). Two processes share a netns when the inodes match.
/// </summary>
internal static class NetNamespaceReader
{
    public static bool TryRead(string nsLinkPath, out ulong inode)
    {
        inode = 0;
        string? target;
        try
        {
            target = new FileInfo(nsLinkPath).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return target is not null
            && target.StartsWith("net:[", StringComparison.Ordinal)
            && target.EndsWith(']')
            && ulong.TryParse(target.AsSpan(5, target.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}
