using System.Collections.Immutable;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;

namespace DockerNetExporter.Namespaces;

/// <summary>A network namespace found in the kernel, read whole at one scan, with the best name found for it.</summary>
/// <param name="Inode">The namespace's inode, as in /proc/PID/ns/net's net:[INODE].</param>
/// <param name="NetnsPath">The file it was read through: its first process's /proc/PID/ns/net, or the file that keeps it.</param>
/// <param name="Id">The container id its cgroup names, or null.</param>
/// <param name="Interfaces">
/// Its interfaces: through a process's /proc/PID/root/sys/class/net (Directory set), or from netlink
/// (Directory empty) when no process holds it or the processes see the host's sysfs.
/// </param>
/// <param name="Addresses">Its addresses, from netlink; empty where netlink could not be read.</param>
/// <param name="Gateway">Its IPv4 default gateway, or null.</param>
/// <param name="Vxlans">Its VXLAN devices, from netlink (an overlay network's sandbox has one); empty where netlink could not be read.</param>
/// <param name="NetDevPath">Its first process's /proc/PID/net/dev, beside which are its snmp, netstat and snmp6; empty for a namespace only a file keeps, whose files are opened from inside it.</param>
internal sealed record KernelNamespace(
    ulong Inode,
    string NetnsPath,
    string Name,
    KernelNameSource NameSource,
    string? Id,
    ImmutableArray<NetInterface> Interfaces,
    ImmutableArray<NetlinkAddress> Addresses,
    string? Gateway,
    ImmutableArray<VxlanDevice> Vxlans = default,
    string NetDevPath = "")
{
    public ImmutableArray<VxlanDevice> Vxlans { get; init; } = Vxlans.IsDefault ? [] : Vxlans;

    /// <summary>The links of a namespace read through netlink, with their bridge and a bridge's ports by IFLA_MASTER, as sysfs would show them.</summary>
    public static ImmutableArray<NetInterface> InterfacesOf(NamespaceView view)
    {
        var names = view.Links.ToDictionary(l => l.IfIndex, l => l.Name);
        var ports = view.Links.Where(l => l.Master != 0).ToLookup(l => l.Master, l => l.Name);
        return [.. view.Links.Select(l => new NetInterface(
            l.Name, "", l.IfIndex, l.IfLink, l.Address, names.GetValueOrDefault(l.Master), [.. ports[l.IfIndex]], l.Kind == "bridge", false))];
    }

    /// <summary>The VXLAN devices among a namespace's links, with their VNIs.</summary>
    public static ImmutableArray<VxlanDevice> VxlansOf(NamespaceView view) =>
        [.. view.Links.Where(l => l.Vni is not null).Select(l => new VxlanDevice(l.Name, l.IfIndex, l.Vni!.Value))];
}


/// <summary>Where a kernel-found namespace's name came from, best first.</summary>
internal enum KernelNameSource
{
    /// <summary>The container id in the cgroup path of the namespace's first process, shortened to 12 characters as docker ps does.</summary>
    Cgroup,

    /// <summary>The file that keeps the namespace (/run/netns/NAME, /run/docker/netns/NAME).</summary>
    NetnsFile,

    /// <summary>The name (comm) of the namespace's first process.</summary>
    Process,
}
