using System.Collections.Immutable;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

public sealed class NetClassReaderTests
{
    private readonly ReadErrors readErrors = new();

    /// <summary>A reader whose capabilities are read from the tree's procfs (unknown where it has no self/status).</summary>
    internal static NetClassReader Of(KernelPaths paths, ReadErrors readErrors, ILogger<NetClassReader> logger) =>
        new(paths, readErrors, EffectiveCapabilities.Read(paths.SelfStatus), logger);

    private NetClassReader Reader => Of(new KernelPaths(FixtureTree.Root, FixtureTree.Root), readErrors, NullLogger<NetClassReader>.Instance);

    /// <summary>The fixture's host interfaces as read untouched.</summary>
    private Dictionary<string, NetInterface> Untouched => ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

    private static Dictionary<string, NetInterface> ByName(ImmutableArray<NetInterface> interfaces) =>
        interfaces.ToDictionary(i => i.Name, StringComparer.Ordinal);

    [Fact]
    public void Reads_every_host_interface_of_the_fixture()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

        Assert.Equal(
            ["br-0123456789ab", "br-front", "docker0", "eth0", "lo", "vethaaa", "vethbbb", "vethccc", "vethddd", "vethdead", "vethttt"],
            interfaces.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, readErrors.DiscoveryCount);
    }

    /// <summary>
    /// With an earlier read at hand, a bridge port with the same ifindex is taken from it (here its
    /// address changed since, and the earlier one stays); a port whose ifindex changed, an interface
    /// on no bridge and a bridge (whose ports change) are read again.
    /// </summary>
    [Fact]
    public void An_earlier_read_stands_for_bridge_ports_that_kept_their_ifindex()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var netClass = tree.Path("sys", "class", "net");
        var earlier = ByName(Reader.ReadAll(netClass));
        File.WriteAllText(Path.Combine(netClass, "vethaaa", "address"), "9a:00:00:00:00:ff\n");
        File.WriteAllText(Path.Combine(netClass, "vethbbb", "ifindex"), "99\n");
        File.WriteAllText(Path.Combine(netClass, "eth0", "address"), "9a:00:00:00:00:fe\n");
        File.Delete(Path.Combine(netClass, "docker0", "brif", "vethaaa"));

        var again = ByName(Reader.ReadAll(netClass, earlier));

        Assert.Same(earlier["vethaaa"], again["vethaaa"]);
        Assert.Equal(99, again["vethbbb"].IfIndex);
        Assert.Equal("9a:00:00:00:00:fe", again["eth0"].Address);
        Assert.DoesNotContain("vethaaa", again["docker0"].BridgePorts);
        Assert.Equal("9a:00:00:00:00:ff", ByName(Reader.ReadAll(netClass))["vethaaa"].Address); // without it, read whole
    }

    [Fact]
    public void Reads_ifindex_iflink_address_and_directory()
    {
        var netClass = FixtureTree.Path("docker-host", "sys", "class", "net");
        var vethaaa = ByName(Reader.ReadAll(netClass))["vethaaa"];

        Assert.Equal(10, vethaaa.IfIndex);
        Assert.Equal(2, vethaaa.IfLink);
        Assert.Equal("9a:00:00:00:00:0a", vethaaa.Address);
        Assert.Equal(Path.Combine(netClass, "vethaaa"), vethaaa.Directory);
    }

    [Fact]
    public void A_bridge_port_names_its_master_by_the_link_target_file_name()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

        Assert.Equal("docker0", interfaces["vethaaa"].Master);
        Assert.Equal("br-0123456789ab", interfaces["vethbbb"].Master);
        Assert.Equal("br-front", interfaces["vethddd"].Master);
        Assert.Equal("docker0", interfaces["vethdead"].Master);
        Assert.Null(interfaces["vethttt"].Master);
        Assert.Null(interfaces["eth0"].Master);
        Assert.Null(interfaces["docker0"].Master);
    }

    [Fact]
    public void A_bridge_has_the_bridge_flag_and_its_brif_entries_in_order()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

        Assert.True(interfaces["docker0"].IsBridge);
        Assert.Equal(["vethaaa", "vethdead"], interfaces["docker0"].BridgePorts.ToArray());
        Assert.True(interfaces["br-0123456789ab"].IsBridge);
        Assert.Equal(["vethbbb", "vethccc"], interfaces["br-0123456789ab"].BridgePorts.ToArray());
        Assert.Equal(["vethddd"], interfaces["br-front"].BridgePorts.ToArray());
        Assert.Equal(3, interfaces["docker0"].IfIndex);
    }

    [Fact]
    public void An_interface_that_is_not_a_bridge_has_no_ports()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

        foreach (var name in new[] { "lo", "eth0", "vethaaa", "vethttt" })
        {
            Assert.False(interfaces[name].IsBridge, name);
            Assert.Empty(interfaces[name].BridgePorts);
        }
    }

    [Fact]
    public void Reads_a_container_view_through_its_own_sysfs()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("docker-host", "proc", "1003", "root", "sys", "class", "net")));

        Assert.Equal(["eth0", "eth1", "lo"], interfaces.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, 13, "02:42:ac:12:00:03"), (interfaces["eth0"].IfIndex, interfaces["eth0"].IfLink, interfaces["eth0"].Address));
        Assert.Equal((3, 14, "02:42:ac:13:00:02"), (interfaces["eth1"].IfIndex, interfaces["eth1"].IfLink, interfaces["eth1"].Address));
        Assert.Equal((1, 1), (interfaces["lo"].IfIndex, interfaces["lo"].IfLink));
    }

    [Fact]
    public void Skips_and_counts_interfaces_with_garbage_or_missing_files()
    {
        var interfaces = ByName(Reader.ReadAll(FixtureTree.Path("garbage-host", "sys", "class", "net")));

        // bad-ifindex ("abc"), bad-iflink (2^64), bad-address ("02:42:zz:..."), no-ifindex (missing) and
        // huge-ifindex (100 KB) are skipped; the four good ones are kept, vethggg despite its garbage statistics.
        Assert.Equal(["docker0", "eth0", "lo", "vethggg"], interfaces.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, readErrors.DiscoveryCount);
        Assert.Equal(0, readErrors.ScrapeCount);
    }

    [Fact]
    public void An_unlistable_directory_reads_as_empty_and_counts_one_error()
    {
        Assert.Empty(Reader.ReadAll(FixtureTree.Path("docker-host", "proc", "4242", "root", "sys", "class", "net")));
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    /// <summary>
    /// The attack of a namespace's owner: a FIFO bound over one of its own sysfs attributes, whose
    /// ordinary open would wait for a writer for ever. The reader opens it without blocking, refuses
    /// it, skips its interface alone, counts it, and says so once for the namespace, not at every read.
    /// </summary>
    [Fact]
    public async Task A_FIFO_in_place_of_an_attribute_is_refused_without_blocking_and_said_once()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var netClass = tree.Path("sys", "class", "net");
        TempTree.MakeFifo(Path.Combine(netClass, "eth0", "iflink"));
        var warnings = new List<string>();
        var reader = Of(
            new KernelPaths(tree.Path("sys"), tree.Path("proc")), readErrors, new HookLogger<NetClassReader>(message =>
            {
                if (message.Contains("is not the kernel's", StringComparison.Ordinal))
                {
                    warnings.Add(message);
                }
            }));

        var first = await Task.Run(() => ByName(reader.ReadAll(netClass, owner: "attacker"))).WaitAsync(TimeSpan.FromSeconds(10));
        var second = await Task.Run(() => ByName(reader.ReadAll(netClass, owner: "attacker"))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain("eth0", first.Keys);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Untouched.Keys.Where(name => name != "eth0").Order(StringComparer.Ordinal), first.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, readErrors.RefusedCount);
        var warning = Assert.Single(warnings);
        Assert.Contains("attacker", warning, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(netClass, "eth0", "iflink"), warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_deleted_between_listing_and_reading_is_skipped()
    {
        using var tree = TempTree.CopyOf("docker-host");
        var netClass = tree.Path("sys", "class", "net");
        File.Delete(Path.Combine(netClass, "vethttt", "address"));

        var interfaces = ByName(Reader.ReadAll(netClass));

        Assert.DoesNotContain("vethttt", interfaces.Keys);
        Assert.Contains("vethaaa", interfaces.Keys);
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    /// <summary>
    /// Real class/net directories hold entries that are not interfaces with a MAC address, and that
    /// are there every time: the bonding driver's bonding_masters file (one per namespace once the
    /// module is loaded) and layer-3 devices with no hardware address (WireGuard, tun), whose
    /// address file reads "\n". Neither is a read error: counting them makes
    /// dockernet_read_errors_total{stage="discovery"} grow on every discovery of such a host.
    /// </summary>
    [Theory]
    [InlineData("bonding_masters")]
    [InlineData("wg0")]
    public void Entries_that_are_not_ethernet_interfaces_are_not_read_errors(string entry)
    {
        using var tree = TempTree.CopyOf("docker-host");
        var netClass = tree.Path("sys", "class", "net");
        if (entry == "bonding_masters")
        {
            File.WriteAllText(Path.Combine(netClass, "bonding_masters"), "\n");
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(netClass, "wg0"));
            File.WriteAllText(Path.Combine(netClass, "wg0", "ifindex"), "6\n");
            File.WriteAllText(Path.Combine(netClass, "wg0", "iflink"), "6\n");
            File.WriteAllText(Path.Combine(netClass, "wg0", "address"), "\n");
        }

        var interfaces = Reader.ReadAll(netClass);

        Assert.DoesNotContain(interfaces, i => i.Name == "bonding_masters");
        Assert.Equal(0, readErrors.DiscoveryCount);
    }
}
