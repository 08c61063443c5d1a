using System.Diagnostics;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Containers that come, change and go while the exporter runs. The exporter's resync interval is an
/// hour here, so every change it shows reached it through the Docker events stream.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class LifecycleTests(DockerEnvironment environment, ITestOutputHelper output)
{
    private const string ReceiveBytes = "dockernet_container_receive_bytes_total";

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task Container_started_after_the_exporter_appears_through_events()
    {
        var name = Docker.Name("late");
        await Docker.StartContainerAsync(name, []);
        var returned = Stopwatch.StartNew();

        await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");
        output.WriteLine($"series appeared {returned.ElapsedMilliseconds} ms after docker run returned");
    }

    /// <summary>
    /// A rename is one event with nothing after it: a client that delivers events one behind
    /// (dotnet/Docker.DotNet#576) would never show the new name here.
    /// </summary>
    [Fact]
    public async Task Renamed_container_moves_to_its_new_name_at_once()
    {
        var name = Docker.Name("before");
        var renamed = Docker.Name("after");
        await Docker.StartContainerAsync(name, []);
        await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");

        await Docker.RunAsync("rename", name, renamed);
        var returned = Stopwatch.StartNew();
        await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == renamed, $"series of {renamed}");
        output.WriteLine($"rename reached /metrics {returned.ElapsedMilliseconds} ms after docker rename returned");
        Assert.DoesNotContain(await environment.Exporter.ScrapeAsync(), s => s["container"] == name);
    }

    [Fact]
    public async Task Restarted_container_moves_to_its_new_veth()
    {
        var name = Docker.Name("restart");
        await Docker.StartContainerAsync(name, []);
        var before = await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");
        Assert.Equal(await Docker.HostVethOfAsync(name, "eth0"), before["veth"]);

        await Docker.RunAsync("restart", "--time", "1", name);
        var newVeth = await Docker.HostVethOfAsync(name, "eth0");
        Assert.NotEqual(before["veth"], newVeth);
        await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name && s["veth"] == newVeth, $"series of {name} on {newVeth}");
        var samples = await environment.Exporter.ScrapeAsync();
        Assert.DoesNotContain(samples, s => s["veth"] == before["veth"]);
        var ip = Assert.Single(samples, s => s.Name == "dockernet_container_ip_info" && s["container"] == name);
        Assert.Equal(await Docker.InspectAsync(name, "{{.NetworkSettings.Networks.bridge.IPAddress}}"), ip["ip"]);
    }

    [Fact]
    public async Task Removed_container_and_network_disappear()
    {
        var network = Docker.Name("gone-net");
        await Docker.CreateNetworkAsync(network);
        var name = Docker.Name("gone");
        await Docker.StartContainerAsync(name, ["--network", network]);
        await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");

        await Docker.RunAsync("rm", "-f", name);
        await environment.WaitForNoSampleAsync(s => s["container"] == name, $"every series of {name} removed");
        await Docker.RunAsync("network", "rm", network);
        await environment.WaitForNoSampleAsync(s => s["network"] == network, $"every series of network {network} removed");
    }
}
