using System.Collections.Immutable;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// What Docker says about the host in Fixtures/docker-host (see Fixtures/README.md): the networks
/// and running containers, written by hand to match the fixture's kernel view.
/// </summary>
internal static class DockerHostScenario
{
    public const string Fixture = "docker-host";

    public const string BridgeNetworkId = "9f2c1e8a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e";
    public const string BackendNetworkId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string FrontendNetworkId = "f00df00df00df00df00df00df00df00df00df00df00df00df00df00df00df00d";
    public const string HostNetworkId = "4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a";
    public const string NoneNetworkId = "5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b";

    public const string WebId = "a1a1a1a1a1a1b2b2b2b2b2b2c3c3c3c3c3c3d4d4d4d4d4d4e5e5e5e5e5e5f6f6";
    public const string DbId = "d8d8d8d8d8d8a1a1a1a1a1a1b2b2b2b2b2b2c3c3c3c3c3c3d4d4d4d4d4d4e5e5";
    public const string ApiId = "a9a9a9a9a9a9b8b8b8b8b8b8c7c7c7c7c7c7d6d6d6d6d6d6e5e5e5e5e5e5f4f4";
    public const string MonitorId = "e0e0e0e0e0e0e1e1e1e1e1e1e2e2e2e2e2e2e3e3e3e3e3e3e4e4e4e4e4e4e5e5";
    public const string SidecarId = "5c5c5c5c5c5c6d6d6d6d6d6d7e7e7e7e7e7e8f8f8f8f8f8f9a9a9a9a9a9aabab";
    public const string BatchId = "ba7cba7cba7c0000000000001111111111112222222222223333333333334444";
    public const string CacheId = "cac4ecac4eca5555555555556666666666667777777777778888888888889999";
    public const string OverlayNetworkId = "0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v0v";
    public const string MacvlanNetworkId = "3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3ac3a";
    public const string EdgeId = "ed9eed9eed9e111111111111222222222222333333333333444444444444cafe";
    public const string StaleId = "57a1e57a1e57aaaaaaaaaaaabbbbbbbbbbbbccccccccccccddddddddddddeeee";

    /// <summary>The labels of web's eth0 series: on vethaaa, on docker0.</summary>
    public static readonly (string Name, string Value)[] WebEth0 =
        [("container", "web"), ("interface", "eth0"), ("veth", "vethaaa"), ("bridge", "docker0"), ("network", "bridge")];

    /// <summary>The labels of db's eth0 series: on vethbbb, on the backend network's bridge.</summary>
    public static readonly (string Name, string Value)[] DbEth0 =
        [("container", "db"), ("interface", "eth0"), ("veth", "vethbbb"), ("bridge", "br-0123456789ab"), ("network", "backend")];

    public static readonly RuntimeNetwork Bridge = new(
        BridgeNetworkId, "bridge", "bridge", "docker0",
        [new RuntimeSubnet("172.17.0.0/16", "")]); // Docker 20.10 leaves the default bridge's gateway out

    public static readonly RuntimeNetwork Backend = new(
        BackendNetworkId, "backend", "bridge", "br-0123456789ab",
        [new RuntimeSubnet("172.18.0.0/16", "172.18.0.1"), new RuntimeSubnet("fd00:db8:1::/64", "")]);

    public static readonly RuntimeNetwork Frontend = new(
        FrontendNetworkId, "frontend", "bridge", "br-front",
        [new RuntimeSubnet("172.19.0.0/16", "172.19.0.1")]);

    public static readonly RuntimeNetwork Host = new(HostNetworkId, "host", "host", null, []);

    public static readonly RuntimeNetwork None = new(NoneNetworkId, "none", "null", null, []);

    public static readonly RuntimeContainer Web = new(
        WebId, "web", "nginx:1.27", 1001, new DateTimeOffset(2024, 1, 1, 6, 0, 0, 512, TimeSpan.Zero), "bridge", "", "",
        [new RuntimeEndpoint("bridge", BridgeNetworkId, "02:42:ac:11:00:02", "172.17.0.2", "", "172.17.0.1")],
        [new RuntimePort("tcp", 80, "0.0.0.0", 8080), new RuntimePort("tcp", 80, "::", 8080)]); // docker run -p 8080:80

    public static readonly RuntimeContainer Db = new(
        DbId, "db", "postgres:16", 1002, new DateTimeOffset(2024, 1, 1, 8, 0, 0, 350, TimeSpan.Zero), "backend", "shop", "db",
        [new RuntimeEndpoint("backend", BackendNetworkId, "02:42:ac:12:00:02", "172.18.0.2", "fd00:db8:1::2", "172.18.0.1")]);

    public static readonly RuntimeContainer Api = new(
        ApiId, "api", "shop/api:2.3", 1003, new DateTimeOffset(2024, 1, 1, 9, 0, 1, 100, TimeSpan.Zero), "backend", "shop", "api",
        [
            new RuntimeEndpoint("backend", BackendNetworkId, "02:42:ac:12:00:03", "172.18.0.3", "", "172.18.0.1"),
            new RuntimeEndpoint("frontend", FrontendNetworkId, "02:42:ac:13:00:02", "172.19.0.2", "", "172.19.0.1"),
        ]);

    public static readonly RuntimeContainer Monitor = new(
        MonitorId, "monitor", "prom/node-exporter:v1.8.2", 1004, new DateTimeOffset(2024, 1, 1, 0, 0, 15, 800, TimeSpan.Zero), "host", "", "",
        [new RuntimeEndpoint("host", HostNetworkId, "", "", "", "")]);

    public static readonly RuntimeContainer Sidecar = new(
        SidecarId, "sidecar", "busybox:1.36", 1005, new DateTimeOffset(2024, 1, 1, 6, 0, 1, 450, TimeSpan.Zero), "container:" + WebId, "", "", []);

    public static readonly RuntimeContainer Batch = new(
        BatchId, "batch", "alpine:3.20", 1006, new DateTimeOffset(2024, 1, 1, 20, 0, 0, 300, TimeSpan.Zero), "none", "", "",
        [new RuntimeEndpoint("none", NoneNetworkId, "", "", "", "")]);

    public static readonly RuntimeContainer Cache = new(
        CacheId, "cache", "redis:7", 1007, new DateTimeOffset(2024, 1, 1, 15, 0, 0, 900, TimeSpan.Zero), "bridge", "", "",
        [new RuntimeEndpoint("bridge", BridgeNetworkId, "02:42:ac:11:00:04", "172.17.0.4", "", "172.17.0.1")]);

    /// <summary>
    /// Docker's last word on a container that has exited since: its pid, 1008, now belongs to a
    /// process started six minutes after it, inside db's namespace (proc/1008 shows db's netns and
    /// root). Not in <see cref="AllContainers"/>: the golden exposition does not know it.
    /// </summary>
    public static readonly RuntimeContainer Stale = new(
        StaleId, "stale", "postgres:16", 1008, new DateTimeOffset(2024, 1, 2, 0, 55, 0, 300, TimeSpan.Zero), "backend", "shop", "migrate",
        [new RuntimeEndpoint("backend", BackendNetworkId, "02:42:ac:12:00:09", "172.18.0.9", "", "172.18.0.1")]);

    /// <summary>A Swarm overlay network: its containers' interfaces have their veth's peer in its sandbox namespace, not on the host.</summary>
    public static readonly RuntimeNetwork Overlay = new(OverlayNetworkId, "mesh", "overlay", null, [new RuntimeSubnet("10.0.9.0/24", "10.0.9.1")]);

    /// <summary>A macvlan network on the host's eth0: its containers' interfaces have no peer at all.</summary>
    public static readonly RuntimeNetwork Macvlan = new(MacvlanNetworkId, "lan", "macvlan", null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);

    /// <summary>
    /// A container with no host veth (pid 1009): eth0 on the overlay, eth1 a macvlan of the host's
    /// eth0 (iflink 2). Its counters are in proc/1009/net/dev. Not in <see cref="AllContainers"/>:
    /// the golden exposition does not know it.
    /// </summary>
    public static readonly RuntimeContainer Edge = new(
        EdgeId, "edge", "envoyproxy/envoy:v1.31", 1009, new DateTimeOffset(2024, 1, 1, 7, 0, 0, 400, TimeSpan.Zero), "mesh", "", "",
        [
            new RuntimeEndpoint("mesh", OverlayNetworkId, "02:42:0a:00:09:02", "10.0.9.2", "", ""),
            new RuntimeEndpoint("lan", MacvlanNetworkId, "02:42:0a:4e:00:02", "10.78.0.2", "", "10.78.0.1"),
        ]);

    /// <summary>The btime of Fixtures/docker-host/proc/stat and garbage-host's: 2024-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset BootTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset SyncedAt = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero); // 1704164645

    public static IEnumerable<RuntimeContainer> AllContainers => [Web, Db, Api, Monitor, Sidecar, Batch, Cache];

    public static IEnumerable<RuntimeNetwork> AllNetworks => [Bridge, Backend, Frontend, Host, None];

    public static RuntimeInventory Inventory() => Inventory(AllContainers, AllNetworks);

    public static RuntimeInventory Inventory(IEnumerable<RuntimeContainer> containers, IEnumerable<RuntimeNetwork>? networks = null) => new(
        containers.ToImmutableDictionary(c => c.Id, StringComparer.Ordinal),
        (networks ?? AllNetworks).ToImmutableDictionary(n => n.Id, StringComparer.Ordinal));
}
