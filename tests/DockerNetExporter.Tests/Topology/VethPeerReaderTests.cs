using System.Collections.Immutable;
using System.Collections.Concurrent;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Topology;

/// <summary>
/// What the mapping asks the kernel over Fixtures/docker-host (namespaces and inodes from
/// Fixtures/README.md), and what it does when the kernel cannot be asked.
/// </summary>
public sealed class VethPeerReaderTests : IDisposable
{
    private readonly Pipeline pipeline = Pipeline.Over(Fixture);
    private readonly ReadErrors readErrors = new();
    private readonly ConcurrentQueue<string> log = new();

    public void Dispose() => pipeline.Dispose();

    [Fact]
    public void Each_namespace_with_an_interface_besides_lo_is_asked_about_through_the_file_it_was_read_through()
    {
        var netlink = new RecordingNetlink(answers: true);
        var scanned = new KernelNamespace(4026532077, "/run/netns/leftover-ns", "leftover-ns", KernelNameSource.NetnsFile, null, [Interface("eth0")], [], null);
        var loOnly = scanned with { Inode = 4026532078, NetnsPath = "/run/netns/lonely", Interfaces = [Interface("lo")] };
        var scan = new KernelScan([scanned, loOnly], null);
        var inventory = Inventory();

        Reader(netlink).Read(pipeline.Reader.Read(inventory, reuseNamespaceReads: false), scan);

        // monitor (host mode) and sidecar (web's namespace) have no interfaces of their own; batch (none) has lo alone.
        var call = Assert.Single(netlink.Calls);
        Assert.Equal(FixtureTree.Path(Fixture, "proc", "1", "ns", "net"), call.HostNetnsPath);
        Assert.Equal(
            [
                (FixtureTree.Path(Fixture, "proc", "1001", "ns", "net"), 4026532001UL),
                (FixtureTree.Path(Fixture, "proc", "1002", "ns", "net"), 4026532002UL),
                (FixtureTree.Path(Fixture, "proc", "1003", "ns", "net"), 4026532003UL),
                (FixtureTree.Path(Fixture, "proc", "1007", "ns", "net"), 4026532007UL),
                ("/run/netns/leftover-ns", 4026532077UL),
            ],
            call.Namespaces.OrderBy(n => n.Inode).Select(n => (n.Path, n.Inode)));
    }

    /// <summary>
    /// After events that changed web alone, the namespace reader keeps the others' reads and the
    /// mapper its last scan, and so may their nsids be kept; at a full resync every namespace is
    /// read and scanned, and asked about, again.
    /// </summary>
    [Fact]
    public void A_read_or_scan_kept_from_the_last_mapping_is_asked_about_as_kept_and_a_fresh_one_is_not()
    {
        var netlink = new RecordingNetlink(answers: true);
        var reader = Reader(netlink);
        var restartedWeb = Inventory([Web with { StartedAt = Web.StartedAt!.Value.AddMilliseconds(1) }, .. AllContainers.Where(c => c.Id != WebId)]);
        var scan = new KernelScan([new KernelNamespace(4026532077, "/run/netns/n", "n", KernelNameSource.NetnsFile, null, [Interface("eth0")], [], null)], null);

        reader.Read(pipeline.Reader.Read(Inventory(), reuseNamespaceReads: false), scan);

        // After events the mapper keeps the last scan's namespaces, the host's addresses read again.
        reader.Read(pipeline.Reader.Read(restartedWeb, reuseNamespaceReads: true), scan with { HostAddresses = ImmutableDictionary<string, ImmutableArray<string>>.Empty });
        reader.Read(pipeline.Reader.Read(Inventory(), reuseNamespaceReads: false), new KernelScan([.. scan.Namespaces], null)); // a fresh scan

        Assert.Equal(3, netlink.Calls.Count);
        Assert.All(netlink.Calls[0].Namespaces, n => Assert.False(n.Kept));
        Assert.Equal(
            [(4026532001UL, false), (4026532002UL, true), (4026532003UL, true), (4026532007UL, true), (4026532077UL, true)],
            netlink.Calls[1].Namespaces.OrderBy(n => n.Inode).Select(n => (n.Inode, n.Kept)));
        Assert.All(netlink.Calls[2].Namespaces, n => Assert.False(n.Kept));
    }

    [Fact]
    public void With_nothing_to_place_the_kernel_is_not_asked()
    {
        var netlink = new RecordingNetlink(answers: true);
        var inventory = Inventory([DockerHostScenario.Monitor, Batch]);

        var peers = Reader(netlink).Read(pipeline.Reader.Read(inventory, reuseNamespaceReads: false), KernelScan.Empty);

        Assert.Same(LinkPeers.None, peers);
        Assert.Empty(netlink.Calls);
    }

    [Fact]
    public void Where_the_kernel_cannot_be_asked_each_mapping_counts_an_error_and_the_deployment_is_warned_once()
    {
        var reader = Reader(new RecordingNetlink(answers: false));
        var inventory = Inventory();
        var host = pipeline.Reader.Read(inventory, reuseNamespaceReads: false);

        Assert.Null(reader.Read(host, KernelScan.Empty));
        Assert.Null(reader.Read(host, KernelScan.Empty));

        Assert.Equal(2, readErrors.DiscoveryCount);
        Assert.Single(log, line => line.Contains("CAP_SYS_ADMIN", StringComparison.Ordinal) && line.Contains("errno 1", StringComparison.Ordinal));
    }

    private VethPeerReader Reader(INetlinkReader netlink) => new(pipeline.Paths, netlink, readErrors, new HookLogger<VethPeerReader>(log.Enqueue));

    private static NetInterface Interface(string name) => new(name, "", 2, 9, "", null, [], false, false);

    /// <summary>Keeps what it is asked; answers with no peers at all, or refuses with EPERM as a host namespace out of reach does.</summary>
    private sealed class RecordingNetlink(bool answers) : RefusingNetlink(NotPermitted)
    {
        public List<(string HostNetnsPath, IReadOnlyCollection<NamespaceFile> Namespaces)> Calls { get; } = [];

        public override LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error)
        {
            Calls.Add((hostNetnsPath, namespaces));
            error = answers ? 0 : NotPermitted;
            return answers ? LinkPeers.None : null;
        }
    }
}
