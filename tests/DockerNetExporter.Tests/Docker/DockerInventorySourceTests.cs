using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerInventorySourceTests
{
    private readonly FakeDockerApi api = new();

    private DockerInventorySource Source => new(api, NullLogger<DockerInventorySource>.Instance);

    private static DockerEvent ContainerEvent(string action, string id) => new("container", action, id, null);

    private static DockerEvent NetworkEvent(string action, string networkId, string? container = null) => new("network", action, networkId, container);

    private Task<RuntimeInventory> ApplyAsync(RuntimeInventory inventory, params DockerEvent[] events) =>
        Source.ApplyAsync(inventory, events, CancellationToken.None);

    [Fact]
    public async Task Load_inspects_every_running_container_and_lists_networks()
    {
        api.Running[Web.Id] = Web;
        api.Running[Db.Id] = Db;
        api.Networks.AddRange([Bridge, Backend]);

        var inventory = await Source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);

        Assert.Equal([WebId, DbId], inventory.Containers.Keys.Order(StringComparer.Ordinal));
        Assert.Same(Web, inventory.Containers[WebId]);
        Assert.Equal([BackendNetworkId, BridgeNetworkId], inventory.Networks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([WebId, DbId], api.Inspected.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Podman 4.3's compatible API, as it answered on this machine: the list calls its network
    /// "bridge", a container's endpoint gives "podman" as both key and NetworkID, and an inspect of
    /// "podman" answers with the same id under the name "podman".
    /// </summary>
    [Fact]
    public async Task An_endpoint_that_names_its_network_instead_of_identifying_it_is_resolved_by_one_inspect()
    {
        const string podmanNetworkId = "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9";
        var listed = new RuntimeNetwork(podmanNetworkId, "bridge", "bridge", "br-2f259bab93aa", [new RuntimeSubnet("10.88.0.0/16", "10.88.0.1")]);
        var inspected = listed with { Name = "podman" };
        var early = Web with { Endpoints = [new RuntimeEndpoint("podman", "podman", "ea:6a:fe:a1:76:78", "10.88.0.20", "", "10.88.0.1")] };
        var late = Db with { Endpoints = [new RuntimeEndpoint("podman", "podman", "ea:6a:fe:a1:76:79", "10.88.0.21", "", "10.88.0.1")] };
        api.Running[WebId] = early;
        api.Networks.Add(listed);
        api.InspectOnlyNetworks["podman"] = inspected;

        var loaded = await Source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);
        api.Running[DbId] = late;
        var applied = await ApplyAsync(loaded, ContainerEvent("start", DbId));

        Assert.Equal(inspected, Assert.Single(applied.Networks.Values));
        Assert.Equal(podmanNetworkId, Assert.Single(applied.Containers[WebId].Endpoints).NetworkId);
        Assert.Equal(podmanNetworkId, Assert.Single(applied.Containers[DbId].Endpoints).NetworkId);
        Assert.Equal("podman", Assert.Single(applied.Containers[DbId].Endpoints).Network);
        Assert.Equal(["podman"], api.NetworksInspected); // once: the second endpoint found it by name
    }

    [Fact]
    public async Task Docker_s_endpoints_carry_their_network_s_id_and_no_network_is_inspected()
    {
        api.Running[Web.Id] = Web;
        api.Running[Db.Id] = Db;
        api.Networks.AddRange([Bridge, Backend]);

        await Source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);

        Assert.Empty(api.NetworksInspected);
    }

    [Fact]
    public async Task Load_leaves_out_a_container_that_stopped_between_list_and_inspect()
    {
        api.Running[Web.Id] = Web;
        api.Running[Cache.Id] = Cache;
        api.StopsBeforeInspect.Add(CacheId);

        var inventory = await Source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);

        Assert.Equal([WebId], inventory.Containers.Keys);
    }

    [Fact]
    public async Task Die_then_start_in_one_batch_re_inspects()
    {
        var restarted = Web with { Pid = 3001 };
        api.Running[WebId] = restarted;

        var inventory = await ApplyAsync(Inventory([Web, Db]), ContainerEvent("die", WebId), ContainerEvent("start", WebId));

        Assert.Same(restarted, inventory.Containers[WebId]);
        Assert.Same(Db, inventory.Containers[DbId]);
        Assert.Equal([WebId], api.Inspected);
    }

    [Fact]
    public async Task Start_then_destroy_in_one_batch_removes_without_inspecting()
    {
        api.Running[CacheId] = Cache; // would be found if it were inspected

        var inventory = await ApplyAsync(Inventory([Web]), ContainerEvent("start", CacheId), ContainerEvent("destroy", CacheId));

        Assert.Equal([WebId], inventory.Containers.Keys);
        Assert.Empty(api.Inspected);
    }

    [Theory]
    [InlineData("die")]
    [InlineData("destroy")]
    [InlineData("remove")] // Podman's destroy
    public async Task A_stop_or_a_removal_removes(string action)
    {
        var inventory = await ApplyAsync(Inventory([Web, Db]), ContainerEvent(action, WebId));

        Assert.Equal([DbId], inventory.Containers.Keys);
        Assert.Empty(api.Inspected);
    }

    [Fact]
    public async Task Die_then_the_disconnect_Docker_sends_after_it_still_removes()
    {
        // Docker's order when a container stops: die, then network disconnect. The disconnect
        // re-inspects, and inspect says it is not running.
        var inventory = await ApplyAsync(Inventory([Web, Db]), ContainerEvent("die", WebId), NetworkEvent("disconnect", BridgeNetworkId, WebId));

        Assert.Equal([DbId], inventory.Containers.Keys);
        Assert.Equal([WebId], api.Inspected);
    }

    [Fact]
    public async Task Start_adds_a_new_container()
    {
        api.Running[ApiId] = Api;

        var inventory = await ApplyAsync(Inventory([Web]), ContainerEvent("start", ApiId));

        Assert.Equal([WebId, ApiId], inventory.Containers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_start_whose_container_is_already_gone_adds_nothing()
    {
        var inventory = await ApplyAsync(Inventory([Web]), ContainerEvent("start", ApiId));

        Assert.Equal([WebId], inventory.Containers.Keys);
        Assert.Equal([ApiId], api.Inspected);
    }

    [Fact]
    public async Task Rename_re_inspects()
    {
        api.Running[WebId] = Web with { Name = "www" };

        var inventory = await ApplyAsync(Inventory([Web]), ContainerEvent("rename", WebId));

        Assert.Equal("www", inventory.Containers[WebId].Name);
    }

    [Fact]
    public async Task Network_connect_re_inspects_the_container_without_reloading_a_known_network()
    {
        var connected = Web with { Endpoints = [.. Web.Endpoints, new RuntimeEndpoint("backend", BackendNetworkId, "02:42:ac:12:00:09", "172.18.0.9", "", "172.18.0.1")] };
        api.Running[WebId] = connected;
        api.Networks.AddRange([Bridge, Backend, Frontend]);

        var inventory = await ApplyAsync(Inventory([Web, Db], [Bridge, Backend]), NetworkEvent("connect", BackendNetworkId, WebId));

        Assert.Same(connected, inventory.Containers[WebId]);
        Assert.Equal([WebId], api.Inspected);
        Assert.Equal(0, api.NetworkListings);
        Assert.Equal(2, inventory.Networks.Count);
    }

    [Fact]
    public async Task Network_connect_to_an_unknown_network_reloads_the_networks()
    {
        api.Running[WebId] = Web;
        api.Networks.AddRange([Bridge, Backend, Frontend]);

        var inventory = await ApplyAsync(Inventory([Web], [Bridge]), NetworkEvent("connect", FrontendNetworkId, WebId));

        Assert.Equal(1, api.NetworkListings);
        Assert.Equal([BackendNetworkId, BridgeNetworkId, FrontendNetworkId], inventory.Networks.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Network_disconnect_re_inspects_the_container()
    {
        var disconnected = Api with { Endpoints = [Api.Endpoints[0]] };
        api.Running[ApiId] = disconnected;

        var inventory = await ApplyAsync(Inventory([Api]), NetworkEvent("disconnect", FrontendNetworkId, ApiId));

        Assert.Single(inventory.Containers[ApiId].Endpoints);
    }

    [Fact]
    public async Task A_network_event_without_a_container_inspects_nothing()
    {
        var inventory = await ApplyAsync(Inventory([Web]), NetworkEvent("connect", BridgeNetworkId));

        Assert.Empty(api.Inspected);
        Assert.Same(Web, inventory.Containers[WebId]);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("destroy")]
    [InlineData("remove")] // Podman's destroy
    public async Task Network_create_or_destroy_reloads_the_networks(string action)
    {
        api.Networks.AddRange([Bridge, Frontend]);

        var inventory = await ApplyAsync(Inventory([Web], [Bridge, Backend]), NetworkEvent(action, FrontendNetworkId));

        Assert.Equal(1, api.NetworkListings);
        Assert.Equal([BridgeNetworkId, FrontendNetworkId], inventory.Networks.Keys.Order(StringComparer.Ordinal));
        Assert.Same(Web, inventory.Containers[WebId]);
        Assert.Empty(api.Inspected);
    }

    [Fact]
    public async Task Many_network_events_reload_the_networks_once()
    {
        api.Networks.AddRange([Bridge]);

        await ApplyAsync(Inventory([]), NetworkEvent("create", "n1"), NetworkEvent("create", "n2"), NetworkEvent("destroy", "n1"));

        Assert.Equal(1, api.NetworkListings);
    }

    [Fact]
    public async Task Other_events_change_nothing()
    {
        var before = Inventory([Web]);

        var after = await ApplyAsync(before, ContainerEvent("exec_start", WebId), new DockerEvent("image", "pull", "nginx", null));

        Assert.Empty(api.Inspected);
        Assert.Equal(0, api.NetworkListings);
        Assert.Equal(before.Containers, after.Containers);
        Assert.Same(before.Networks, after.Networks);
    }

    [Fact]
    public async Task No_events_no_calls()
    {
        var before = Inventory();

        var after = await ApplyAsync(before);

        Assert.Equal(before.Containers.Keys.Order(StringComparer.Ordinal), after.Containers.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(api.Inspected);
    }

    [Fact]
    public async Task Several_containers_in_one_batch_are_each_inspected_once()
    {
        foreach (var container in AllContainers)
        {
            api.Running[container.Id] = container;
        }

        var events = AllContainers.SelectMany(c => new[] { ContainerEvent("start", c.Id), NetworkEvent("connect", BridgeNetworkId, c.Id) }).ToArray();
        var inventory = await ApplyAsync(Inventory([]), events);

        Assert.Equal(7, inventory.Containers.Count);
        Assert.Equal(AllContainers.Select(c => c.Id).Order(StringComparer.Ordinal), api.Inspected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_container_whose_inspect_fails_keeps_its_last_known_state_and_the_others_are_synced()
    {
        api.Running[Web.Id] = Web;
        api.Running[Db.Id] = Db;
        api.InspectFails.Add(Web.Id);
        var previous = Inventory([Web with { Name = "web-before" }]);

        var inventory = await Source.LoadAsync(previous, CancellationToken.None);

        Assert.Equal("web-before", inventory.Containers[Web.Id].Name);
        Assert.Equal(Db, inventory.Containers[Db.Id]);
    }

    /// <summary>A container whose ports were cut is said once, not at every resync, and keeps what was kept.</summary>
    [Fact]
    public async Task Published_ports_left_out_are_said_once_per_container()
    {
        var log = new ConcurrentQueue<string>();
        var source = new DockerInventorySource(api, new HookLogger<DockerInventorySource>(log.Enqueue));
        api.Running[WebId] = Web with { PublishedPortsLeftOut = 9_936 };
        api.Running[DbId] = Db;

        var first = await source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);
        await source.LoadAsync(first, CancellationToken.None);
        await source.ApplyAsync(first, [ContainerEvent("start", WebId)], CancellationToken.None);

        var said = Assert.Single(log, m => m.Contains("published port", StringComparison.Ordinal));
        Assert.Contains($"Container web ({WebId}) has 9936 published port binding(s) left out", said, StringComparison.Ordinal);
        Assert.Equal(Web.PublishedPorts, first.Containers[WebId].PublishedPorts);
    }
}

public sealed class DockerResilienceTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new DockerApiException(HttpStatusCode.InternalServerError, "boom"), true },
        { new DockerApiException(HttpStatusCode.ServiceUnavailable, "starting"), true },
        { new DockerApiException(HttpStatusCode.NotFound, "no such container"), false },
        { new DockerApiException(HttpStatusCode.Conflict, "conflict"), false },
        { new HttpRequestException("connection refused"), true },
        { new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "headers over 64 KiB"), false },
        { new DockerAnswerTooLargeException("over 32 MiB"), false },
        { new IOException("broken pipe"), true },
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new TimeoutRejectedException(), true },
        { new InvalidOperationException(), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Transient_failures_are_retried_and_client_errors_are_not(Exception exception, bool transient)
    {
        Assert.Equal(transient, DockerResilience.IsTransient(exception));
    }
}
