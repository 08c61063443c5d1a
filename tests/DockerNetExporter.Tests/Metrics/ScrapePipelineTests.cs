using DockerNetExporter.Configuration;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The scrape pipeline (mapper → store → binder → collector → registry) over the fixtures. Every
/// expected number is the one written in the fixture files (Fixtures/README.md lists them).
/// </summary>
public sealed class ScrapePipelineTests
{
    private static readonly (string Name, string Value)[] Docker0 = [("bridge", "docker0"), ("network", "bridge")];

    private static readonly string[] Quantities = ["bytes", "packets", "errors", "dropped"];

    private static Dictionary<string, double> Counters(Exposition exposition, string prefix, (string Name, string Value)[] labels) =>
        (from direction in new[] { "receive", "transmit" }
         from quantity in Quantities
         select (Key: $"{direction}_{quantity}", Value: exposition.Value($"{prefix}_{direction}_{quantity}_total", labels)))
        .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);

    [Fact]
    public async Task Container_counters_are_the_veths_counters_seen_from_the_other_end()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var web = Counters(await pipeline.ScrapeAsync(), "dockernet_container", WebEth0);

        // vethaaa/statistics: rx 2000001 2001 1 2, tx 9000001 9001 3 4. What the veth transmits, web receives.
        Assert.Equal(9000001, web["receive_bytes"]);
        Assert.Equal(9001, web["receive_packets"]);
        Assert.Equal(3, web["receive_errors"]);
        Assert.Equal(4, web["receive_dropped"]);
        Assert.Equal(2000001, web["transmit_bytes"]);
        Assert.Equal(2001, web["transmit_packets"]);
        Assert.Equal(1, web["transmit_errors"]);
        Assert.Equal(2, web["transmit_dropped"]);
    }

    /// <summary>
    /// The attack, over a copy of the tree: batch (--network none, given CAP_NET_ADMIN) runs `ip link
    /// add x index 2 type veth peer name y index 10`, copying web's eth0 (2, iflink 10) and vethaaa
    /// (10, iflink 2). The tree's kernel (veth-peers) still says vethaaa leads to web's namespace.
    /// </summary>
    [Fact]
    public async Task An_interface_with_a_victim_s_copied_indices_gets_no_series_and_is_counted_as_forged()
    {
        using var tree = TempTree.CopyOf(Fixture);
        foreach (var (name, ifIndex, ifLink, mac) in new[] { ("x", 2, 10, "6e:00:00:00:00:02"), ("y", 10, 2, "6e:00:00:00:00:0a") })
        {
            var directory = tree.Path("containers", "batch", "sys", "class", "net", name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "ifindex"), $"{ifIndex}\n");
            File.WriteAllText(Path.Combine(directory, "iflink"), $"{ifLink}\n");
            File.WriteAllText(Path.Combine(directory, "address"), $"{mac}\n");
        }

        using var pipeline = new Pipeline(tree.Root);
        pipeline.Publish(Inventory());
        var exposition = await pipeline.ScrapeAsync();

        Assert.Equal(1, exposition.Value("dockernet_topology_forged_interfaces"));
        Assert.Empty(exposition.All("dockernet_container_receive_bytes_total", ("container", "batch")));
        Assert.Equal("web", exposition.Single("dockernet_container_receive_bytes_total", ("veth", "vethaaa")).Labels["container"]); // the victim's veth, the victim's alone
        Assert.Equal(9000001, exposition.Value("dockernet_container_receive_bytes_total", WebEth0));
    }

    /// <summary>
    /// A FIFO over a container's own eth0/mtu, which the binding opens: refused at once and counted,
    /// its gauge left out, the interface's counters (from the host's veth) served.
    /// </summary>
    [Fact]
    public async Task A_FIFO_over_a_container_s_own_mtu_is_refused_and_counted_and_the_rest_served()
    {
        using var tree = TempTree.CopyOf(Fixture);
        TempTree.MakeFifo(tree.Path("containers", "web", "sys", "class", "net", "eth0", "mtu"));
        using var pipeline = new Pipeline(tree.Root);

        await Task.Run(() => pipeline.Publish(Inventory())).WaitAsync(TimeSpan.FromSeconds(10));
        var exposition = await pipeline.ScrapeAsync();

        Assert.Equal(1, exposition.Value("dockernet_kernel_files_refused_total"));
        Assert.Empty(exposition.All("dockernet_container_interface_mtu_bytes", WebEth0));
        Assert.Equal(9000001, exposition.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Single(exposition.All("dockernet_container_interface_up", WebEth0));
    }

    [Fact]
    public async Task Container_counters_do_not_come_from_the_containers_own_statistics()
    {
        // containers/web/sys/class/net/eth0/statistics holds other numbers on purpose (rx_bytes 901).
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var exposition = await pipeline.ScrapeAsync();

        Assert.DoesNotContain(exposition.All("dockernet_container_receive_bytes_total"), s => s.Value is 901 or 201);
    }

    [Fact]
    public async Task Each_interface_of_a_two_network_container_has_its_own_counters()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var exposition = await pipeline.ScrapeAsync();

        // vethccc tx_bytes 6000001 (api eth0), vethddd tx_bytes 7000001 (api eth1).
        Assert.Equal(6000001, exposition.Value("dockernet_container_receive_bytes_total", ("container", "api"), ("interface", "eth0"), ("veth", "vethccc"), ("bridge", "br-0123456789ab"), ("network", "backend")));
        Assert.Equal(7000001, exposition.Value("dockernet_container_receive_bytes_total", ("container", "api"), ("interface", "eth1"), ("veth", "vethddd"), ("bridge", "br-front"), ("network", "frontend")));
        Assert.Equal(2, exposition.All("dockernet_container_receive_bytes_total", ("container", "api")).Count);
    }

    /// <summary>
    /// edge (pid 1009) has no host veth: its overlay eth0 and macvlan eth1 are counted from its own
    /// proc/1009/net/dev, as it sees them, whatever the counter source: not from its own mounted
    /// statistics (901 each), and never from the host's eth0, whose name its eth0 shares.
    /// </summary>
    [Theory]
    [InlineData(nameof(CounterSource.Sysfs))]
    [InlineData(nameof(CounterSource.ProcNetDev))]
    public async Task Interfaces_with_no_host_veth_are_counted_in_their_own_namespace(string counterSource)
    {
        using var pipeline = Pipeline.Over(Fixture, Enum.Parse<CounterSource>(counterSource));
        pipeline.Publish(Inventory([.. AllContainers, Edge], [.. AllNetworks, Overlay, Macvlan]));

        var exposition = await pipeline.ScrapeAsync();

        var overlay = Counters(exposition, "dockernet_container", [("container", "edge"), ("interface", "eth0"), ("veth", ""), ("bridge", ""), ("network", "mesh")]);
        Assert.Equal((8100001, 8101, 81, 82), (overlay["receive_bytes"], overlay["receive_packets"], overlay["receive_errors"], overlay["receive_dropped"]));
        Assert.Equal((8200001, 8201, 83, 84), (overlay["transmit_bytes"], overlay["transmit_packets"], overlay["transmit_errors"], overlay["transmit_dropped"]));
        var macvlan = Counters(exposition, "dockernet_container", [("container", "edge"), ("interface", "eth1"), ("veth", ""), ("bridge", "macvlan:eth0"), ("network", "lan")]);
        Assert.Equal((9100001, 9200001), (macvlan["receive_bytes"], macvlan["transmit_bytes"]));
        Assert.Equal(1450, exposition.Value("dockernet_container_interface_mtu_bytes", ("container", "edge"), ("interface", "eth0")));
        Assert.Equal(0, exposition.Value("dockernet_read_errors_total", ("stage", "scrape")));
        Assert.Equal(9000001, exposition.Value("dockernet_container_receive_bytes_total", WebEth0)); // the host's counters as before
    }

    /// <summary>
    /// edge leaves its overlay and joins it again between two mappings: a new eth0 (another ifindex)
    /// in the same namespace, whose counters start again from 0. Its series starts again with it,
    /// rather than the old one standing still until the new interface's counters pass its last value.
    /// </summary>
    [Fact]
    public async Task An_interface_made_again_under_its_name_starts_its_series_again()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root);
        var inventory = Inventory([.. AllContainers, Edge], [.. AllNetworks, Overlay, Macvlan]);
        pipeline.Publish(inventory);
        Assert.Equal(8100001, (await pipeline.ScrapeAsync()).Value("dockernet_container_receive_bytes_total", ("container", "edge"), ("interface", "eth0")));

        File.WriteAllText(tree.Path("containers", "edge", "sys", "class", "net", "eth0", "ifindex"), "8\n");
        var dev = tree.Path("proc", "1009", "net", "dev");
        File.WriteAllText(dev, File.ReadAllText(dev).Replace("  eth0: 8100001    8101", "  eth0:      42       1", StringComparison.Ordinal));
        pipeline.Publish(inventory);

        Assert.Equal(42, (await pipeline.ScrapeAsync()).Value("dockernet_container_receive_bytes_total", ("container", "edge"), ("interface", "eth0")));
    }

    /// <summary>
    /// A container whose pid a newer process holds now (stale, pid 1008, in db's namespace) is still
    /// listed, with no netns and no series of its own; db's veth stays db's alone.
    /// </summary>
    [Fact]
    public async Task A_container_whose_pid_was_reused_keeps_its_info_but_takes_no_series()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory([.. AllContainers, Stale]));

        var exposition = await pipeline.ScrapeAsync();

        Assert.Single(exposition.All("dockernet_container_info", ("container", "stale"), ("netns", "")));
        Assert.Empty(exposition.All("dockernet_container_receive_bytes_total", ("container", "stale")));
        Assert.Equal(["db"], exposition.All("dockernet_container_receive_bytes_total", ("veth", "vethbbb")).Select(s => s.Labels["container"]));
        Assert.Equal(18446744073709551615d, exposition.Value("dockernet_container_receive_bytes_total", DbEth0));
        Assert.Equal(1, exposition.Value("dockernet_read_errors_total", ("stage", "discovery")));
    }

    [Fact]
    public async Task Host_container_and_none_modes_and_the_trap_have_no_interface_series()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var exposition = await pipeline.ScrapeAsync();

        foreach (var name in new[] { "monitor", "sidecar", "batch", "cache" })
        {
            Assert.Empty(exposition.All("dockernet_container_receive_bytes_total", ("container", name)));
            Assert.Empty(exposition.All("dockernet_container_interface_up", ("container", name)));
            Assert.Single(exposition.All("dockernet_container_info", ("container", name)));
        }

        Assert.Equal(
            ["api", "api", "db", "web"],
            exposition.All("dockernet_container_transmit_bytes_total").Select(s => s.Labels["container"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bridge_counters_are_the_bridges_own()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var docker0 = Counters(await pipeline.ScrapeAsync(), "dockernet_bridge", Docker0);

        // docker0/statistics: rx 100001 101 23 17, tx 200001 201 24 18.
        Assert.Equal(100001, docker0["receive_bytes"]);
        Assert.Equal(101, docker0["receive_packets"]);
        Assert.Equal(23, docker0["receive_errors"]);
        Assert.Equal(17, docker0["receive_dropped"]);
        Assert.Equal(200001, docker0["transmit_bytes"]);
        Assert.Equal(201, docker0["transmit_packets"]);
        Assert.Equal(24, docker0["transmit_errors"]);
        Assert.Equal(18, docker0["transmit_dropped"]);
    }

    [Fact]
    public async Task The_largest_64_bit_counter_is_exported_as_a_float()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var sample = (await pipeline.ScrapeAsync()).Single("dockernet_container_receive_bytes_total", DbEth0);

        // vethbbb/statistics/tx_bytes is 18446744073709551615; the nearest double is 2^64.
        Assert.Equal(18446744073709551615d, sample.Value);
        Assert.Equal("1.8446744073709552e+19", sample.ValueText);
    }

    [Fact]
    public async Task Gauges_come_from_the_container_side_and_the_bridge()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var exposition = await pipeline.ScrapeAsync();

        Assert.Equal(1400, exposition.Value("dockernet_container_interface_mtu_bytes", DbEth0)); // db's eth0; vethbbb says 1500
        Assert.Equal(1, exposition.Value("dockernet_container_interface_up", DbEth0));
        Assert.Equal(0, exposition.Value("dockernet_container_interface_up", ("container", "api"), ("interface", "eth1"))); // "down"
        Assert.Equal(1450, exposition.Value("dockernet_bridge_mtu_bytes", ("bridge", "br-front")));
        Assert.Equal(2, exposition.Value("dockernet_bridge_ports", Docker0));
        Assert.Equal(1, exposition.Value("dockernet_topology_unmapped_veths", ("bridge", "docker0")));
        Assert.Equal(0, exposition.Value("dockernet_topology_unmapped_veths", ("bridge", "br-0123456789ab")));
        Assert.Equal(7, exposition.Value("dockernet_topology_containers"));
        Assert.Equal(1704164645, exposition.Value("dockernet_topology_last_sync_timestamp_seconds"));
    }

    [Fact]
    public async Task Docker_up_and_errors_follow_the_health_and_last_sync_is_0_before_the_first_topology()
    {
        using var pipeline = Pipeline.Over(Fixture);

        var before = await pipeline.ScrapeAsync();
        Assert.Equal(0, before.Value("dockernet_docker_up"));
        Assert.Equal(0, before.Value("dockernet_topology_last_sync_timestamp_seconds"));
        Assert.Equal(0, before.Value("dockernet_topology_containers"));

        Assert.Equal(0, before.Value("dockernet_docker_errors_total", ("reason", "denied")));

        pipeline.Health.MarkUp();
        Assert.Equal(1, (await pipeline.ScrapeAsync()).Value("dockernet_docker_up"));
        pipeline.Health.MarkDown(RuntimeFailure.Denied);
        pipeline.Health.MarkDown(RuntimeFailure.Denied);
        var down = await pipeline.ScrapeAsync();
        Assert.Equal(0, down.Value("dockernet_docker_up"));
        Assert.Equal(2, down.Value("dockernet_docker_errors_total", ("reason", "denied")));
        Assert.Equal(0, down.Value("dockernet_docker_errors_total", ("reason", "too_large")));
    }

    [Fact]
    public async Task Counters_follow_the_kernel_from_one_scrape_to_the_next()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root);
        pipeline.Publish(Inventory());
        Assert.Equal(9000001, (await pipeline.ScrapeAsync()).Value("dockernet_container_receive_bytes_total", WebEth0));

        File.WriteAllText(tree.Path("sys", "class", "net", "vethaaa", "statistics", "tx_bytes"), "9500001\n");
        File.WriteAllText(tree.Path("sys", "class", "net", "docker0", "statistics", "rx_packets"), "150\n");
        File.WriteAllText(tree.Path("containers", "web", "sys", "class", "net", "eth0", "operstate"), "lowerlayerdown\n");

        var after = await pipeline.ScrapeAsync();
        Assert.Equal(9500001, after.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Equal(150, after.Value("dockernet_bridge_receive_packets_total", Docker0));
        Assert.Equal(0, after.Value("dockernet_container_interface_up", WebEth0));
    }

    [Fact]
    public async Task A_file_that_turns_to_garbage_keeps_the_last_value_and_counts_an_error()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root);
        pipeline.Publish(Inventory());
        await pipeline.ScrapeAsync();

        File.WriteAllText(tree.Path("sys", "class", "net", "vethaaa", "statistics", "rx_errors"), "abc\n");
        var during = await pipeline.ScrapeAsync();
        Assert.Equal(9000001, during.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Equal(1, during.Value("dockernet_read_errors_total", ("stage", "scrape")));
        Assert.Equal(3000001, during.Value("dockernet_container_transmit_bytes_total", DbEth0)); // the others are read as usual

        File.WriteAllText(tree.Path("sys", "class", "net", "vethaaa", "statistics", "rx_errors"), "1\n");
        File.WriteAllText(tree.Path("sys", "class", "net", "vethaaa", "statistics", "tx_bytes"), "9000009\n");
        var after = await pipeline.ScrapeAsync();
        Assert.Equal(9000009, after.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Equal(1, after.Value("dockernet_read_errors_total", ("stage", "scrape")));
    }

    [Fact]
    public async Task A_container_left_out_of_the_next_snapshot_loses_all_its_series()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        var before = await pipeline.ScrapeAsync();
        Assert.Contains(before.Samples, s => s.Labels.TryGetValue("container", out var c) && c == "web");

        pipeline.Publish(Inventory(AllContainers.Where(c => c.Name != "web")));
        var after = await pipeline.ScrapeAsync();

        Assert.DoesNotContain(after.Samples, s => s.Labels.TryGetValue("container", out var c) && c == "web");
        Assert.DoesNotContain(after.Samples, s => s.Labels.TryGetValue("veth", out var v) && v == "vethaaa");
        Assert.Equal(6, after.Value("dockernet_topology_containers"));
        Assert.Equal(2, after.Value("dockernet_topology_unmapped_veths", ("bridge", "docker0"))); // vethaaa and vethdead
        Assert.Equal(6000001, after.Value("dockernet_container_receive_bytes_total", ("container", "api"), ("interface", "eth0"))); // the others stay
    }

    [Fact]
    public async Task A_renamed_container_moves_its_series_to_the_new_name()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        await pipeline.ScrapeAsync();

        pipeline.Publish(Inventory(AllContainers.Select(c => c.Name == "web" ? c with { Name = "www" } : c)));
        var after = await pipeline.ScrapeAsync();

        Assert.DoesNotContain(after.Samples, s => s.Labels.TryGetValue("container", out var c) && c == "web");
        (string, string)[] www = [("container", "www"), ("interface", "eth0"), ("veth", "vethaaa"), ("bridge", "docker0"), ("network", "bridge")];
        Assert.Equal(9000001, after.Value("dockernet_container_receive_bytes_total", www));
        Assert.Equal(2000001, after.Value("dockernet_container_transmit_bytes_total", www));
        Assert.Equal(1500, after.Value("dockernet_container_interface_mtu_bytes", www));
        Assert.Equal("a1a1a1a1a1a1", after.Single("dockernet_container_info", ("container", "www")).Labels["container_id"]);
        Assert.Equal("172.17.0.2", after.Single("dockernet_container_ip_info", ("container", "www")).Labels["ip"]);
    }

    [Fact]
    public async Task A_network_gone_from_Docker_takes_its_bridge_info_and_unmapped_count_with_it()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        await pipeline.ScrapeAsync();

        pipeline.Publish(Inventory([], []));
        var after = await pipeline.ScrapeAsync();

        Assert.DoesNotContain(after.Samples, s => s.Name.StartsWith("dockernet_bridge_", StringComparison.Ordinal));
        Assert.Empty(after.All("dockernet_topology_unmapped_veths"));
        Assert.Empty(after.All("dockernet_container_info"));
        Assert.Empty(after.All("dockernet_container_ip_info"));
        Assert.Equal(0, after.Value("dockernet_topology_containers"));
    }

    [Fact]
    public async Task A_bridge_recreated_under_the_same_name_starts_from_the_new_devices_counters()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root);
        pipeline.Publish(Inventory());
        Assert.Equal(100001, (await pipeline.ScrapeAsync()).Value("dockernet_bridge_receive_bytes_total", Docker0));

        // docker0 deleted and created again: a new ifindex and fresh, lower counters.
        File.WriteAllText(tree.Path("sys", "class", "net", "docker0", "ifindex"), "30\n");
        File.WriteAllText(tree.Path("sys", "class", "net", "docker0", "statistics", "rx_bytes"), "42\n");
        pipeline.Publish(Inventory());

        Assert.Equal(42, (await pipeline.ScrapeAsync()).Value("dockernet_bridge_receive_bytes_total", Docker0));
    }

    [Fact]
    public void Publishing_the_same_topology_again_keeps_the_series_and_their_open_files()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        var before = pipeline.Binder.Current.Series;

        pipeline.Publish(Inventory());
        var after = pipeline.Binder.Current.Series;

        Assert.Equal(7, after.Length); // 4 container interfaces, 3 bridges
        Assert.Equal(before.OrderBy(s => s.Key, StringComparer.Ordinal), after.OrderBy(s => s.Key, StringComparer.Ordinal), ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public async Task Garbage_files_are_skipped_and_counted_while_the_other_series_still_appear()
    {
        using var pipeline = Pipeline.Over(GarbageHost.Fixture);
        pipeline.Publish(GarbageHost.Inventory());

        var first = await pipeline.ScrapeAsync();

        // Per scrape: vethggg's statistics (tx_bytes "abc"), junk's eth0 mtu (100 KB) and operstate
        // ("sideways"), docker0's statistics (empty rx_bytes).
        Assert.Equal(4, first.Value("dockernet_read_errors_total", ("stage", "scrape")));

        // bad-ifindex, bad-iflink, bad-address, no-ifindex, huge-ifindex; and ghost's /proc entry.
        Assert.Equal(6, first.Value("dockernet_read_errors_total", ("stage", "discovery")));

        Assert.Equal(1500, first.Value("dockernet_bridge_mtu_bytes", Docker0));
        Assert.Equal(1, first.Value("dockernet_bridge_ports", Docker0));
        Assert.Equal(0, first.Value("dockernet_topology_unmapped_veths", ("bridge", "docker0")));
        Assert.Equal(2, first.Value("dockernet_topology_containers"));
        Assert.Single(first.All("dockernet_container_info", ("container", "junk"), ("netns", "4026532101")));
        Assert.Single(first.All("dockernet_container_info", ("container", "ghost"), ("netns", "")));
        Assert.Single(first.All("dockernet_container_ip_info", ("container", "junk"), ("interface", "eth0")));

        var second = await pipeline.ScrapeAsync();
        Assert.Equal(8, second.Value("dockernet_read_errors_total", ("stage", "scrape")));
        Assert.Equal(6, second.Value("dockernet_read_errors_total", ("stage", "discovery")));
    }

    /// <summary>
    /// The series of an interface are created (and so published, at 0) when the topology is bound,
    /// before any file is read. When the first read fails, the scrape serves those zeros as if they
    /// were the kernel's: dockernet_container_interface_up 0 says "down" for an interface whose
    /// operstate could not be read, and counters at 0 that later jump to the real totals look to
    /// rate() like one huge burst of traffic.
    /// </summary>
    [Fact]
    public async Task Series_whose_files_were_never_read_are_not_exported_as_zero()
    {
        using var pipeline = Pipeline.Over(GarbageHost.Fixture);
        pipeline.Publish(GarbageHost.Inventory());

        var exposition = await pipeline.ScrapeAsync();

        Assert.Empty(exposition.All("dockernet_container_receive_bytes_total", ("container", "junk")));
        Assert.Empty(exposition.All("dockernet_container_interface_up", ("container", "junk")));
        Assert.Empty(exposition.All("dockernet_container_interface_mtu_bytes", ("container", "junk")));
        Assert.Empty(exposition.All("dockernet_bridge_receive_bytes_total", ("bridge", "docker0")));
    }
}

/// <summary>What Docker says about the host in Fixtures/garbage-host.</summary>
internal static class GarbageHost
{
    public const string Fixture = "garbage-host";

    public static RuntimeInventory Inventory() => DockerHostScenario.Inventory(
        [
            new RuntimeContainer(
                "j0j0j0j0j0j0k1k1k1k1k1k1", "junk", "alpine:3.20", 2001, new DateTimeOffset(2024, 1, 1, 1, 0, 0, 400, TimeSpan.Zero), "bridge", "", "",
                [new RuntimeEndpoint("bridge", BridgeNetworkId, "02:42:ac:11:00:02", "172.17.0.2", "", "172.17.0.1")]),
            new RuntimeContainer("9h9h9h9h9h9h", "ghost", "alpine:3.20", 2002, new DateTimeOffset(2024, 1, 1, 2, 0, 0, TimeSpan.Zero), "bridge", "", "", []), // exited: no /proc/2002
        ],
        [Bridge]);
}
