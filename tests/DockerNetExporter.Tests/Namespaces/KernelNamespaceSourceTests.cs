using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Namespaces;

/// <summary>
/// The kernel scan over Fixtures/docker-host with netlink answered by the test: what netlink says
/// of a namespace (its addresses, its gateway) and of the host (the bridges' own addresses) is what
/// the scan keeps, and where netlink refuses, the scan falls back to procfs.
/// </summary>
public sealed class KernelNamespaceSourceTests
{
    private const ulong HostNetns = 4026531840;

    private static readonly KernelPaths Paths = new(FixtureTree.Path(Fixture, "sys"), FixtureTree.Path(Fixture, "proc"), FixtureTree.Path(Fixture, "run"));

    [Fact]
    public void A_namespace_s_addresses_and_gateway_come_from_netlink_when_it_answers()
    {
        var netlink = new ScriptedNetlink(new Dictionary<string, NamespaceView>(StringComparer.Ordinal)
        {
            // web's namespace, through its first process; its route file says 172.17.0.1, netlink another.
            [Paths.ProcessNetNamespace(1001)] = new NamespaceView([new NetlinkLink(2, 10, "eth0", "02:42:ac:11:00:02")], [new NetlinkAddress(2, "ipv4", "172.17.0.2")], "172.17.0.254"),
            [Paths.HostNetNamespaceCandidates.First()] = new NamespaceView(
                [new NetlinkLink(3, 3, "docker0", "02:42:5e:00:00:03")], [new NetlinkAddress(3, "ipv4", "172.17.0.1"), new NetlinkAddress(3, "ipv6", "fe80::1")], null),
        });

        var scan = Source(netlink).Scan(new HashSet<ulong> { HostNetns });

        var web = Assert.Single(scan.Namespaces, n => n.Inode == 4026532001);
        Assert.Equal([new NetlinkAddress(2, "ipv4", "172.17.0.2")], web.Addresses.AsEnumerable());
        Assert.Equal("172.17.0.254", web.Gateway);
        Assert.Equal(FixtureTree.Path(Fixture, "proc", "1001", "root", "sys", "class", "net", "eth0"), Assert.Single(web.Interfaces, i => i.Name == "eth0").Directory); // its own sysfs still lists its interfaces
        Assert.Equal(["172.17.0.1", "fe80::1"], Assert.Single(scan.HostAddresses!).Value.AsEnumerable());
    }

    [Fact]
    public void Where_netlink_refuses_the_gateway_comes_from_the_route_file_and_the_host_s_addresses_are_unknown()
    {
        var scan = Source(new ScriptedNetlink([])).Scan(new HashSet<ulong> { HostNetns });

        var web = Assert.Single(scan.Namespaces, n => n.Inode == 4026532001);
        Assert.Empty(web.Addresses);
        Assert.Equal("172.17.0.1", web.Gateway); // proc/1001/net/route
        Assert.Null(scan.HostAddresses);
    }

    private static KernelNamespaceSource Source(INetlinkReader netlink)
    {
        var readErrors = new ReadErrors();
        return new KernelNamespaceSource(
            Paths,
            NetClassReaderTests.Of(Paths, readErrors, NullLogger<NetClassReader>.Instance),
            netlink,
            new BoundedReads(readErrors, TimeProvider.System, NullLogger<BoundedReads>.Instance),
            readErrors,
            EffectiveCapabilities.Read(Paths.SelfStatus),
            NullLogger<KernelNamespaceSource>.Instance);
    }

    /// <summary>Answers for the namespaces it was given, by path; refuses the others, and the host's veths, with EPERM, as an exporter without CAP_SYS_ADMIN is.</summary>
    private sealed class ScriptedNetlink(Dictionary<string, NamespaceView> views) : RefusingNetlink(NotPermitted)
    {
        public override NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error)
        {
            var found = views.TryGetValue(netnsPath, out var view);
            error = found ? 0 : NotPermitted;
            return view;
        }
    }
}
