using System.Collections.Immutable;

namespace DockerNetExporter.Namespaces;

/// <summary>One scan of the host's network namespaces by <see cref="KernelNamespaceSource"/>.</summary>
/// <param name="Namespaces">The namespaces beyond the host's and those already known, by inode.</param>
/// <param name="HostAddresses">The host namespace's addresses by interface name, from netlink, a bridge's own among them; null if netlink could not read them.</param>
internal sealed record KernelScan(ImmutableArray<KernelNamespace> Namespaces, ImmutableDictionary<string, ImmutableArray<string>>? HostAddresses)
{
    public static KernelScan Empty { get; } = new([], null);
}
