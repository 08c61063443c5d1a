namespace DockerNetExporter.Namespaces;

/// <summary>
/// The container a process belongs to, as its cgroup path names it (/proc/PID/cgroup, cgroups(7):
/// one <c>hierarchy-ID:controllers:path</c> line per hierarchy, <c>0::path</c> on cgroup v2). Runtimes
/// put each container in a cgroup named after its 64-hex id: <c>docker-ID.scope</c> or
/// <c>/docker/ID</c> (Docker with the systemd or cgroupfs driver), <c>libpod-ID.scope</c> or
/// <c>/libpod_parent/libpod-ID</c> (Podman), <c>cri-containerd-ID.scope</c>, <c>crio-ID.scope</c>,
/// <c>/kubepods/.../ID</c>, and the namespace's directory under containerd's <c>/NAMESPACE/ID</c>.
/// </summary>
internal static class CgroupContainer
{
    private const int IdLength = 64;

    private static readonly string[] Prefixes = ["docker-", "libpod-", "cri-containerd-", "crio-", "containerd-"];

    /// <summary>The full id of the container, from the deepest path segment that names one; false if none does.</summary>
    public static bool TryParse(ReadOnlySpan<byte> cgroupFile, out string id)
    {
        id = "";
        foreach (var lineRange in cgroupFile.Split((byte)'\n'))
        {
            var line = System.Text.Encoding.UTF8.GetString(cgroupFile[lineRange]);
            var path = line.Split(':', 3) is [_, _, var p] ? p : "";
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = segments.Length - 1; i >= 0; i--)
            {
                var segment = segments[i];
                if (segment.EndsWith(".scope", StringComparison.Ordinal))
                {
                    segment = segment[..^".scope".Length];
                }

                var prefix = Prefixes.FirstOrDefault(p => segment.StartsWith(p, StringComparison.Ordinal));
                var candidate = prefix is null ? segment : segment[prefix.Length..];
                if (IsId(candidate))
                {
                    id = candidate;
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsId(string candidate) =>
        candidate.Length == IdLength && candidate.All(char.IsAsciiHexDigitLower);
}
