using DockerNetExporter.Metrics;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>dockernet_container_address_changes_total over the fixture, as containers come and go with other addresses.</summary>
public sealed class AddressChangesTests
{
    private const string Changes = "dockernet_container_address_changes_total";

    private static RuntimeContainer WithAddress(RuntimeContainer container, string ipv4) =>
        container with { Endpoints = [container.Endpoints[0] with { IPv4Address = ipv4 }] };

    private static RuntimeInventory Inventory(params RuntimeContainer[] replaced) =>
        DockerHostScenario.Inventory([.. replaced, .. AllContainers.Where(c => replaced.All(r => r.Id != c.Id))]);

    [Fact]
    public async Task A_container_back_with_another_address_counts_one_change_and_one_back_with_the_same_none()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        Assert.Equal(0, (await pipeline.ScrapeAsync()).Value(Changes, ("container", "web")));

        // web stops, and comes back with 172.17.0.9; db stops, and comes back as it was.
        pipeline.Publish(DockerHostScenario.Inventory(AllContainers.Where(c => c.Name is not ("web" or "db"))));
        var away = await pipeline.ScrapeAsync();
        Assert.Empty(away.All(Changes, ("container", "web"))); // gone with the container; its count is remembered
        pipeline.Publish(Inventory(WithAddress(Web, "172.17.0.9")));

        var after = await pipeline.ScrapeAsync();
        Assert.Equal(1, after.Value(Changes, ("container", "web")));
        Assert.Equal(0, after.Value(Changes, ("container", "db")));

        pipeline.Publish(Inventory(WithAddress(Web, "172.17.0.2")));
        Assert.Equal(2, (await pipeline.ScrapeAsync()).Value(Changes, ("container", "web")));
    }

    /// <summary>api joins a third network and leaves it, then comes back to it with the same address: no change.</summary>
    [Fact]
    public async Task Joining_or_leaving_a_network_is_no_change()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        var third = new RuntimeEndpoint("bridge", BridgeNetworkId, "02:42:ac:11:00:09", "172.17.0.9", "", "172.17.0.1");

        pipeline.Publish(Inventory(Api with { Endpoints = [.. Api.Endpoints, third] }));
        pipeline.Publish(Inventory());
        pipeline.Publish(Inventory(Api with { Endpoints = [.. Api.Endpoints, third] }));
        Assert.Equal(0, (await pipeline.ScrapeAsync()).Value(Changes, ("container", "api")));

        pipeline.Publish(Inventory(Api with { Endpoints = [.. Api.Endpoints, third with { IPv4Address = "172.17.0.10" }] }));
        Assert.Equal(1, (await pipeline.ScrapeAsync()).Value(Changes, ("container", "api")));
    }

    [Fact]
    public async Task Containers_without_an_address_have_no_series()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var exposition = await pipeline.ScrapeAsync();

        Assert.Equal(["api", "cache", "db", "web"], exposition.All(Changes).Select(s => s.Labels["container"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_the_names_gone_only_the_last_seen_stay_remembered()
    {
        var counter = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()).CreateCounter(Changes, "help", "container");
        var changes = new AddressChanges(counter);
        static ContainerNode Node(int i, string ip) =>
            new($"{i:x64}", $"c{i}", "busybox", "bridge", null, "", "", [], [new IpAssignment("eth0", "bridge", "ipv4", ip, "")]);

        // One name at a time, each gone when the next comes: c0 is the oldest gone, past the limit.
        for (var i = 0; i <= AddressChanges.MaxGoneNames + 1; i++)
        {
            changes.Observe([Node(i, "10.0.0.1")]);
        }

        Assert.Equal(["c4097"], counter.GetAllLabelValues().Select(labels => labels[0])); // only the one running has a series
        changes.Observe([Node(0, "10.0.0.2"), Node(1, "10.0.0.2")]); // c0 forgotten: no change to count; c1 remembered: one
        Assert.Equal(0, counter.WithLabels("c0").Value);
        Assert.Equal(1, counter.WithLabels("c1").Value);
    }
}
