using System.Globalization;
using DockerNetExporter.IntegrationTests.Infrastructure;
using DockerNetExporter.Kernel.Netlink;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The kernel gives a namespace that dies its nsid back at once: the next namespace a host veth leads
/// to gets the lowest free one. The Docker 26 pass found it: namespaces the kernel scan had found
/// (containers of another engine) died, their nsids, kept with the scan until the next full sync,
/// came back on new containers, and those containers' veths were taken for another namespace's
/// (counted as forged, left unmapped) until then. Here with the kernel's own namespaces: one placed
/// and kept, deleted, and its nsid set on a new one (ip netns set, as the kernel would have given it).
/// </summary>
public sealed class NamespaceIdReuseTests : IAsyncLifetime
{
    private readonly string dead = $"dnid-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly string born = $"dnid-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task A_kept_nsid_the_kernel_has_given_to_a_new_namespace_places_the_new_one()
    {
        const string self = "/proc/self/ns/net";
        var reader = new NetlinkReader();
        var deadInode = await AddWithVethAsync(dead);
        var first = reader.TryReadPeers(self, self, [new NamespaceFile($"/run/netns/{dead}", deadInode)], out var error);
        Assert.True(first is not null, $"netlink error {error}");
        Assert.Contains(deadInode, first.Identified);
        var deadId = await NamespaceIdAsync(dead);

        // Made while the dead one lives, so that it does not get the dead one's inode back as well.
        var bornInode = await AddAsync(born);
        await Shell.CheckedAsync("ip", "netns", "del", dead);

        // The dead namespace's nsid is free once the kernel has cleaned it up (a work queue, soon after).
        await Eventually.WaitForAsync(
            async () => (await Shell.RunAsync("ip", ["netns", "set", born, deadId])).ExitCode == 0 ? "set" : null,
            TimeSpan.FromSeconds(10),
            $"nsid {deadId} given to {born}");
        await AddVethAsync(born);

        // The new namespace asked afresh, the dead one's read kept from the last mapping (as a kept kernel scan is).
        var second = reader.TryReadPeers(self, self, [new NamespaceFile($"/run/netns/{born}", bornInode), new NamespaceFile($"/run/netns/{dead}", deadInode, Kept: true)], out error);

        Assert.True(second is not null, $"netlink error {error}");
        var inside = int.Parse(await Shell.CheckedAsync("ip", "netns", "exec", born, "cat", "/sys/class/net/eth0/ifindex"), CultureInfo.InvariantCulture);
        Assert.Equal(new LinkPeer(inside, bornInode), second.Peers[HostKernel.IfIndex(HostVeth(born))]);
        Assert.Contains(bornInode, second.Identified);
        Assert.DoesNotContain(deadInode, second.Identified);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in new[] { dead, born })
        {
            await Shell.RunAsync("ip", ["link", "del", HostVeth(name)]);
            await Shell.RunAsync("ip", ["netns", "del", name]);
        }
    }

    private static string HostVeth(string netns) => "v" + netns[5..];

    private static async Task<ulong> AddAsync(string netns)
    {
        await Shell.CheckedAsync("ip", "netns", "add", netns);
        return ulong.Parse(await Shell.CheckedAsync("stat", "-L", "--format=%i", $"/run/netns/{netns}"), CultureInfo.InvariantCulture);
    }

    private static async Task AddVethAsync(string netns) =>
        await Shell.CheckedAsync("ip", "link", "add", HostVeth(netns), "type", "veth", "peer", "name", "eth0", "netns", netns);

    private static async Task<ulong> AddWithVethAsync(string netns)
    {
        var inode = await AddAsync(netns);
        await AddVethAsync(netns);
        return inode;
    }

    /// <summary>The host's nsid for the namespace, as ip netns list shows it: "NAME (id: N)".</summary>
    private static async Task<string> NamespaceIdAsync(string netns) =>
        (await Shell.CheckedAsync("ip", "netns", "list")).Split('\n').Single(line => line.StartsWith(netns + " ", StringComparison.Ordinal))
            .Split("(id: ")[1].TrimEnd(')');
}
