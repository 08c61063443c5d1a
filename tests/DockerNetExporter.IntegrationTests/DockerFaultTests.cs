using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>Docker misbehaving under a running exporter.</summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class DockerFaultTests(DockerEnvironment environment)
{
    private DockerCli Docker => environment.Docker;

    /// <summary>
    /// The events stream goes silent without closing. The periodic resync finds a container the
    /// events never announced, ends the session and subscribes again; events then flow once more.
    /// </summary>
    [Fact]
    public async Task A_silent_events_stream_is_detected_by_the_resync_and_replaced()
    {
        await using var proxy = DockerSocketProxy.Start(DockerEnvironment.DockerHost.AbsolutePath);
        await using var exporter = await RunningExporter.StartAsync(proxy.Endpoint, TimeSpan.FromSeconds(2));
        await DockerEnvironment.WaitForSampleAsync(exporter, "dockernet_docker_up", s => s.Value == 1, "Docker up through the proxy");
        var subscriptions = proxy.EventsRequests;

        var name = Docker.Name("unannounced");
        await Docker.StartContainerAsync(name, []);
        await DockerEnvironment.WaitForSampleAsync(exporter, "dockernet_container_info", s => s["container"] == name, $"{name} found by the resync");
        await Eventually.WaitForAsync(async () => { await Task.CompletedTask; return proxy.EventsRequests > subscriptions ? "resubscribed" : null; }, TimeSpan.FromSeconds(15), "a new events subscription");
        var log = exporter.Log.Dump();
        Assert.True(log.Contains("the events stream missed a change", StringComparison.Ordinal), log);

        // Events flow again: a rename is applied from an event, which the frozen stream never delivered.
        var renamed = Docker.Name("announced");
        await Docker.RunAsync("rename", name, renamed);
        await DockerEnvironment.WaitForSampleAsync(exporter, "dockernet_container_info", s => s["container"] == renamed, $"{renamed} after the rename");
        Assert.Contains("Applying ", exporter.Log.Dump(), StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_docker_up").Value);
    }

    /// <summary>
    /// dockerd is killed under the exporter: scrapes go on, docker_up drops to 0, the counters of the
    /// last known topology keep moving. A container dies meanwhile. dockerd comes back: the dead
    /// container's series go, a new container's come, docker_up is 1, and the exporter never restarted.
    /// </summary>
    [Fact]
    public async Task Killing_and_restarting_dockerd_is_survived()
    {
        await using var daemon = await PrivateDockerDaemon.StartAsync();
        await Shell.CheckedAsync("bash", "-c", $"\"{DockerCli.Executable}\" save {DockerCli.Image} | \"{DockerCli.Executable}\" -H {daemon.Endpoint} load");
        await daemon.DockerAsync("network", "create", "--subnet", "10.254.252.0/24", "faults");
        var survivor = Docker.Name("survivor");
        var victim = Docker.Name("victim");
        await daemon.DockerAsync("run", "-d", "--name", survivor, "--network", "faults", DockerCli.Image, "sleep", "600");
        await daemon.DockerAsync("run", "-d", "--name", victim, "--network", "faults", DockerCli.Image, "sleep", "600");
        await using var exporter = await RunningExporter.StartAsync(daemon.Endpoint, TimeSpan.FromSeconds(3));
        await DockerEnvironment.WaitForSampleAsync(exporter, "dockernet_container_receive_packets_total", s => s["container"] == victim, $"{victim} mapped");

        // Traffic that outlives dockerd: a bounded ping from the survivor to the victim's address... and then beyond its death.
        var victimIp = await daemon.DockerAsync("inspect", "--format", "{{.NetworkSettings.Networks.faults.IPAddress}}", victim);
        var victimPid = await daemon.DockerAsync("inspect", "--format", "{{.State.Pid}}", victim);
        await daemon.DockerAsync("exec", "-d", survivor, "ping", "-c", "300", "-i", "0.1", victimIp);
        await daemon.KillAsync();

        await DockerEnvironment.WaitForSampleAsync(exporter, "dockernet_docker_up", s => s.Value == 0, "docker_up 0 after dockerd died");
        var before = await TransmittedPacketsAsync(exporter, survivor);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(await TransmittedPacketsAsync(exporter, survivor) > before, "the survivor's counters keep moving with dockerd dead");

        await Shell.CheckedAsync("kill", "-KILL", victimPid);
        await daemon.RestartAsync();
        var newcomer = Docker.Name("newcomer");
        await daemon.DockerAsync("run", "-d", "--name", newcomer, "--network", "faults", DockerCli.Image, "sleep", "600");

        // The session's reconnect backoff may have grown to 30 s while dockerd was down.
        await Eventually.WaitForAsync(
            async () => (await exporter.ScrapeAsync()).FirstOrDefault(s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == newcomer),
            TimeSpan.FromSeconds(60),
            $"{newcomer} after the restart");
        var samples = await exporter.ScrapeAsync();
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
        Assert.DoesNotContain(samples, s => s["container"] == victim);
        Assert.Contains(samples, s => s.Name == "dockernet_container_info" && s["container"] == survivor);
    }

    private static async Task<double> TransmittedPacketsAsync(RunningExporter exporter, string container) =>
        Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_container_transmit_packets_total" && s["container"] == container).Value;
}
