using System.Globalization;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// Netlink for a fixture tree, which has no kernel behind it. <see cref="TryRead"/> answers as the
/// real reader does over a tree: no namespace can be entered (ENOENT), so the kernel scan falls back
/// to procfs. <see cref="TryReadPeers"/> answers from explicit fixture data, TREE/veth-peers (one
/// line per host veth: its ifindex, its peer's ifindex, the peer namespace's inode; see
/// Fixtures/README.md), which is written by hand and not derived from the trees' indices. A
/// namespace asked about is placed when its file (a net:[INODE] link) names the inode it was read
/// as, as the real reader's check of the opened file does; a peer's namespace is told only if it
/// was placed. Without the file, the host namespace cannot be asked (ENOENT).
/// </summary>
internal sealed class FixtureNetlink(KernelPaths paths) : RefusingNetlink(NoSuchFile)
{
    /// <summary>TREE/veth-peers of the tree <paramref name="paths"/> point into.</summary>
    public static string PeersFile(KernelPaths paths) => Path.Combine(Path.GetDirectoryName(paths.ProcfsRoot)!, "veth-peers");

    public override LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error)
    {
        var file = PeersFile(paths);
        if (!File.Exists(file))
        {
            error = NoSuchFile;
            return null;
        }

        var placed = namespaces
            .Where(n => NetNamespaceReader.TryRead(n.Path, out var inode, out _) && inode == n.Inode)
            .Select(n => n.Inode)
            .ToHashSet();
        var peers = new Dictionary<int, LinkPeer>();
        foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var netns = ulong.Parse(fields[2], CultureInfo.InvariantCulture);
            peers[int.Parse(fields[0], CultureInfo.InvariantCulture)] = new LinkPeer(int.Parse(fields[1], CultureInfo.InvariantCulture), placed.Contains(netns) ? netns : null);
        }

        error = 0;
        return new LinkPeers(peers, placed);
    }
}
