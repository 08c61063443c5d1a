using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Issue 12's third attack, reproduced with real containers: two victims on a bridge network of
/// the test's own, and an attacker given CAP_NET_ADMIN that creates, in its own namespace, a veth
/// pair copying each victim's indices (ip link add x index E type veth peer name y index V: E the
/// victim's eth0 ifindex, V its host veth's). The attacker runs the host's iproute2, mounted
/// read-only, since busybox's ip cannot set an index; its own capability is what lets it. No packet is sent.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class ForgedPairingTests(DockerEnvironment environment)
{
    private const string ReceiveBytes = "dockernet_container_receive_bytes_total";

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task A_container_that_copies_victims_indices_gets_none_of_their_veths_and_is_counted_as_forged()
    {
        var network = Docker.Name("pairing-net");
        await Docker.CreateNetworkAsync(network);
        string[] victims = [Docker.Name("pairing-victim-a"), Docker.Name("pairing-victim-b")];
        foreach (var victim in victims)
        {
            await Docker.StartContainerAsync(victim, ["--network", network]);
        }

        var attacker = Docker.Name("pairing-attacker");
        await Docker.StartContainerAsync(attacker, ["--network", network, "--cap-add", "NET_ADMIN", "-v", "/usr/sbin/ip:/attack/ip:ro", "-v", "/lib/x86_64-linux-gnu:/attack/lib:ro"]);
        var victimVeths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < victims.Length; i++)
        {
            var veth = await Docker.HostVethOfAsync(victims[i], "eth0");
            victimVeths[victims[i]] = veth;
            var (copiedIfIndex, copiedIfLink) = (await Docker.ContainerIfIndexAsync(victims[i], "eth0"), HostKernel.IfIndex(veth));
            await Docker.ExecAsync(
                attacker, "/attack/lib/ld-linux-x86-64.so.2", "--library-path", "/attack/lib", "/attack/ip",
                "link", "add", $"x{i}", "index", $"{copiedIfIndex}", "type", "veth", "peer", "name", $"y{i}", "index", $"{copiedIfLink}");

            // The forgery is what the issue describes: from its indices alone, x points at the victim's veth and back.
            Assert.Equal((copiedIfIndex, copiedIfLink), (await Docker.ContainerIfIndexAsync(attacker, $"x{i}"), await Docker.ContainerIfLinkAsync(attacker, $"x{i}")));
            Assert.Equal(copiedIfIndex, HostKernel.IfLink(veth));
        }

        // A fresh exporter, whose first full sync reads every namespace: creating links makes no Docker event.
        await using var exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost);
        foreach (var victim in victims)
        {
            await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["container"] == victim, $"{victim} mapped");
        }

        await AssertVictimsAloneAsync(exporter, victimVeths, attacker);
        var log = exporter.Log.Dump();
        for (var i = 0; i < victims.Length; i++)
        {
            Assert.Matches($@"Container {attacker} interface x{i} \(netns [0-9]+\) points at veth {victimVeths[victims[i]]}, which the kernel says leads to another namespace", log);
        }

        // A container started now is mapped after its event, the others' reads and nsids kept from the full sync: the same verdict.
        var late = Docker.Name("pairing-late");
        await Docker.StartContainerAsync(late, ["--network", network]);
        await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["container"] == late, $"{late} mapped after its event");
        await AssertVictimsAloneAsync(exporter, victimVeths, attacker);
    }

    private async Task AssertVictimsAloneAsync(RunningExporter exporter, Dictionary<string, string> victimVeths, string attacker)
    {
        var samples = await exporter.ScrapeAsync();
        foreach (var (victim, veth) in victimVeths)
        {
            var served = samples.Where(s => s.Name == ReceiveBytes && s["veth"] == veth).ToList();
            Assert.Equal([(victim, "eth0")], served.Select(s => (s["container"], s["interface"])));
        }

        var attackerSeries = samples.Where(s => s.Name == ReceiveBytes && s["container"] == attacker).ToList();
        Assert.Equal([(await Docker.HostVethOfAsync(attacker, "eth0"), "eth0")], attackerSeries.Select(s => (s["veth"], s["interface"]))); // its own veth, nothing more
        Assert.Equal(2, Assert.Single(samples, s => s.Name == "dockernet_topology_forged_interfaces").Value);
    }
}
