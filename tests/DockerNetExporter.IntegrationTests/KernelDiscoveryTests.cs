using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Discovery from the kernel alone, against namespaces the test makes itself on a bridge of its own:
/// two named with ip netns and no process (whose eth0s have the same ifindex), one held by a process
/// that sees the host's sysfs (unshare -n, sysfs not mounted again), and one held by a process that
/// mounted a sysfs of its own. Traffic goes only between these namespaces, on 10.254.249.0/29.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class KernelDiscoveryTests(DockerEnvironment environment)
{
    private const string ReceiveBytes = "dockernet_container_receive_bytes_total";
    private const string NoPortDatagrams = "dockernet_container_udp_no_port_datagrams_total";

    [Fact]
    public async Task Without_Docker_every_namespace_s_veth_is_mapped_to_its_namespace_and_bridge()
    {
        await using var scene = await KernelScene.CreateAsync(environment.Docker);
        var container = environment.Docker.Name("kernel-docker");
        var containerId = await environment.Docker.StartContainerAsync(container, []);
        await using var removal = new ContainerRemoval(environment.Docker, container);
        await using var exporter = await RunningExporter.StartAsync(
            new Uri("unix:///nonexistent/docker.sock"), dockerEnabled: false, kernelScanInterval: TimeSpan.FromSeconds(1));

        // Named by their netns files; the same ifindex in both, told apart by iflink.
        Assert.Equal(await scene.IfIndexAsync(scene.NamespaceA), await scene.IfIndexAsync(scene.NamespaceB));
        foreach (var (netns, veth, address) in new[] { (scene.NamespaceA, scene.VethA, "10.254.249.2"), (scene.NamespaceB, scene.VethB, "10.254.249.3") })
        {
            var series = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["veth"] == veth, $"the veth of {netns}");
            Assert.Equal((netns, "eth0", scene.Bridge), (series["container"], series["interface"], series["bridge"]));
            var samples = await exporter.ScrapeAsync();
            var info = Assert.Single(samples, s => s.Name == "dockernet_container_info" && s["container"] == netns);
            Assert.Equal(("netns_file", await KernelScene.InodeAsync($"/run/netns/{netns}")), (info["name_source"], info["netns"]));
            Assert.Contains(samples, s => s.Name == "dockernet_container_ip_info" && s["container"] == netns && s["ip"] == address && s["family"] == "ipv4");
        }

        // A's default route goes through the bridge, B's through an address on the subnet that is not the bridge's.
        var samplesNow = await exporter.ScrapeAsync();
        Assert.Equal(1, Assert.Single(samplesNow, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == scene.NamespaceA && s["gateway"] == "10.254.249.1").Value);
        Assert.Equal(0, Assert.Single(samplesNow, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == scene.NamespaceB && s["gateway"] == "10.254.249.6").Value);

        // The process whose sysfs is the host's is read through netlink: its eth0's mtu (1400) cannot be read, its veth's (1500) stands in.
        var hostView = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["veth"] == scene.VethC, "the veth of the unshare -n process");
        var hostViewInfo = Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_container_info" && s["container"] == hostView["container"]);
        Assert.Equal(("process", await KernelScene.InodeAsync($"/proc/{scene.HostViewPid}/ns/net")), (hostViewInfo["name_source"], hostViewInfo["netns"]));
        Assert.Matches("^sleep(-[0-9]+)?$", hostView["container"]);
        Assert.Equal(1500, await MtuAsync(exporter, scene.VethC));

        // The process with a sysfs of its own is read through it: its eth0's own mtu.
        var ownView = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["veth"] == scene.VethD, "the veth of the process with its own sysfs");
        Assert.Matches("^tail(-[0-9]+)?$", ownView["container"]);
        Assert.Equal(1400, await MtuAsync(exporter, scene.VethD));

        // A Docker container, with Docker not asked: named by the id in its cgroup path.
        var docker = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["container"] == containerId[..12], $"{container} by its cgroup");
        Assert.Equal(await environment.Docker.HostVethOfAsync(container, "eth0"), docker["veth"]);
        Assert.Equal(await environment.Docker.DefaultBridgeAsync(), docker["bridge"]);
        var dockerInfo = Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_container_info" && s["container"] == containerId[..12]);
        Assert.Equal("cgroup", dockerInfo["name_source"]);
        Assert.DoesNotContain(await exporter.ScrapeAsync(), s => s.Name == "dockernet_docker_up");

        // Traffic from A to B: A's transmitted packets are its veth's received ones, bracketed by two reads of the kernel's.
        await Shell.CheckedAsync("ip", "netns", "exec", scene.NamespaceA, "busybox", "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.254.249.3");
        await Eventually.WaitForAsync(
            async () =>
            {
                var before = HostKernel.Statistic(scene.VethA, "rx_packets");
                var transmitted = Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_container_transmit_packets_total" && s["veth"] == scene.VethA).Value;
                var after = HostKernel.Statistic(scene.VethA, "rx_packets");
                return transmitted >= 3 && before <= transmitted && transmitted <= after ? "counted" : null;
            },
            TimeSpan.FromSeconds(10),
            $"A's packets counted on {scene.VethA}");
    }

    [Fact]
    public async Task With_Docker_not_answering_the_kernel_s_namespaces_are_mapped_and_docker_up_is_0()
    {
        await using var scene = await KernelScene.CreateAsync(environment.Docker);
        await using var exporter = await RunningExporter.StartAsync(
            new Uri("unix:///nonexistent/docker.sock"), kernelScanInterval: TimeSpan.FromSeconds(1));

        var series = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["container"] == scene.NamespaceA, $"{scene.NamespaceA} from the kernel");

        Assert.Equal(scene.VethA, series["veth"]);
        Assert.Equal(0, Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_docker_up").Value);
        Assert.Contains("mapping the namespaces no known container accounts for from the kernel", exporter.Log.Dump(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Docker_answering_a_namespace_it_does_not_know_is_mapped_beside_its_containers()
    {
        await using var scene = await KernelScene.CreateAsync(environment.Docker);
        var container = environment.Docker.Name("kernel-beside");
        await environment.Docker.StartContainerAsync(container, []);
        await using var removal = new ContainerRemoval(environment.Docker, container);

        // A fresh exporter: its first full sync scans the kernel (the shared one scans at each resync).
        await using var exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost);
        await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["container"] == container, $"{container} by Docker");
        var samples = await exporter.ScrapeAsync();

        Assert.Contains(samples, s => s.Name == ReceiveBytes && s["container"] == scene.NamespaceB && s["veth"] == scene.VethB);
        Assert.Equal("runtime", Assert.Single(samples, s => s.Name == "dockernet_container_info" && s["container"] == container)["name_source"]);
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
    }

    [Fact]
    public async Task The_topology_command_without_Docker_draws_the_namespaces_on_their_bridge()
    {
        await using var scene = await KernelScene.CreateAsync(environment.Docker);

        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("topology", "--docker.enabled=false");

        Assert.True(exitCode == 0, stderr);
        var bridgeBlock = stdout[stdout.IndexOf(scene.Bridge, StringComparison.Ordinal)..];
        Assert.Matches($@"{scene.VethA}\s+<->\s+{scene.NamespaceA}:eth0\s+netns {await KernelScene.InodeAsync($"/run/netns/{scene.NamespaceA}")}\s+10\.254\.249\.2", bridgeBlock);
        Assert.Contains($"{scene.NamespaceB}:eth0", bridgeBlock, StringComparison.Ordinal);
    }

    /// <summary>
    /// --collector.protocols for namespaces no container owns: A and B, kept by ip netns files (their
    /// files opened from inside them), and the unshare -n process's (through its /proc/PID/net).
    /// Datagrams from A to a port of B's that no socket holds are B's NoPorts; the exporter's value
    /// is the kernel's, between two reads of B's own /proc/net/snmp.
    /// </summary>
    [Fact]
    public async Task Without_Docker_namespaces_found_from_the_kernel_get_their_protocol_counters()
    {
        await using var scene = await KernelScene.CreateAsync(environment.Docker);
        await using var exporter = await RunningExporter.StartAsync(
            new Uri("unix:///nonexistent/docker.sock"), dockerEnabled: false, kernelScanInterval: TimeSpan.FromSeconds(1), protocols: true);
        var hostView = await DockerEnvironment.WaitForSampleAsync(exporter, ReceiveBytes, s => s["veth"] == scene.VethC, "the veth of the unshare -n process");
        foreach (var owner in new[] { scene.NamespaceA, scene.NamespaceB, hostView["container"] })
        {
            await DockerEnvironment.WaitForSampleAsync(exporter, NoPortDatagrams, s => s["container"] == owner && s["family"] == "ipv4", $"the UDP counters of {owner}");
        }

        const int Datagrams = 5;
        await Shell.CheckedAsync(
            "ip", "netns", "exec", scene.NamespaceA, "bash", "-c", $"for i in $(seq 1 {Datagrams}); do echo x > /dev/udp/10.254.249.3/9; done");
        await Eventually.WaitForAsync(
            async () =>
            {
                var before = await UdpNoPortsAsync(scene.NamespaceB);
                var served = Assert.Single(await exporter.ScrapeAsync(), s => s.Name == NoPortDatagrams && s["container"] == scene.NamespaceB && s["family"] == "ipv4").Value;
                var after = await UdpNoPortsAsync(scene.NamespaceB);
                return served >= Datagrams && before == after && served == after ? "counted" : null;
            },
            TimeSpan.FromSeconds(10),
            $"B's NoPorts served as its /proc/net/snmp says");
        Assert.Equal(0, Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_read_errors_total" && s["stage"] == "scrape").Value);

        // /topology shows B's drops beside its port, read from inside B as its series are: nothing listens there, so nothing overflows.
        using var topology = JsonDocument.Parse(await exporter.Http.GetStringAsync(new Uri("/topology?interval=100ms", UriKind.Relative)));
        var port = topology.RootElement.GetProperty("bridges").EnumerateArray().SelectMany(b => b.GetProperty("ports").EnumerateArray())
            .Single(p => p.GetProperty("container").GetString() == scene.NamespaceB);
        Assert.Equal(JsonValueKind.Object, port.GetProperty("drops").ValueKind);
        Assert.Equal(0, port.GetProperty("drops").GetProperty("tcp_listen_overflows").GetInt64());
    }

    /// <summary>The Udp NoPorts of a named namespace, as its own /proc/net/snmp shows it (the Udp names line, then its values line).</summary>
    private static async Task<double> UdpNoPortsAsync(string netns)
    {
        var udp = (await Shell.CheckedAsync("ip", "netns", "exec", netns, "cat", "/proc/net/snmp"))
            .Split('\n').Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToArray();
        return double.Parse(udp[1][Array.IndexOf(udp[0], "NoPorts")], CultureInfo.InvariantCulture);
    }

    private static async Task<double> MtuAsync(RunningExporter exporter, string veth) =>
        Assert.Single(await exporter.ScrapeAsync(), s => s.Name == "dockernet_container_interface_mtu_bytes" && s["veth"] == veth).Value;

    /// <summary>Removes the test's container at its end, not the collection's.</summary>
    private sealed class ContainerRemoval(DockerCli docker, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await docker.RunAsync("rm", "-f", name);
    }

    /// <summary>The bridge, namespaces, processes and veths of one test, removed at the end.</summary>
    private sealed class KernelScene : IAsyncDisposable
    {
        

        /// <summary>
        /// Docker sets the FORWARD policy to DROP and loads br_netfilter, which sends bridged frames
        /// through it: frames between ports of this bridge are let through by a rule of the test's own.
        /// </summary>
        private readonly string[] forwardRule;

        private readonly List<Process> processes = [];

        private KernelScene(string prefix)
        {
            NamespaceA = prefix + "a";
            NamespaceB = prefix + "b";

            // Interface names of this scene's own: a namespace killed by the last test may still hold its veth for a moment.
            var id = Guid.NewGuid().ToString("N")[..6];
            Bridge = $"dk{id}br";
            VethA = $"dk{id}a";
            VethB = $"dk{id}b";
            VethC = $"dk{id}c";
            VethD = $"dk{id}d";
            forwardRule = ["FORWARD", "-i", Bridge, "-o", Bridge, "-m", "comment", "--comment", "dockernet kernel discovery test", "-j", "ACCEPT"];
        }

        public string Bridge { get; }

        public string VethA { get; }

        public string VethB { get; }

        /// <summary>The veth of the process that sees the host's sysfs.</summary>
        public string VethC { get; }

        /// <summary>The veth of the process with a sysfs of its own.</summary>
        public string VethD { get; }

        public string NamespaceA { get; }

        public string NamespaceB { get; }

        public int HostViewPid => processes[0].Id;

        public static async Task<KernelScene> CreateAsync(DockerCli docker)
        {
            var scene = new KernelScene(docker.Name("ns-"));
            try
            {
                await scene.BuildAsync();
                return scene;
            }
            catch
            {
                await scene.DisposeAsync();
                throw;
            }
        }

        /// <summary>The namespace's inode, as stat(1) gives it for the file that keeps it or a process's ns/net.</summary>
        public static Task<string> InodeAsync(string nsFile) => Shell.CheckedAsync("stat", "-L", "-c", "%i", nsFile);

        public async Task<string> IfIndexAsync(string netns) =>
            (await Shell.CheckedAsync("ip", "netns", "exec", netns, "cat", "/sys/class/net/eth0/ifindex")).Trim();

        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes)
            {
                process.Kill(); // our own unshare'd process; its namespace, and the veth in it, go with it
                await process.WaitForExitAsync();
                process.Dispose();
            }

            foreach (var netns in new[] { NamespaceA, NamespaceB })
            {
                await Shell.RunAsync("ip", ["netns", "delete", netns]);
            }

            await Shell.RunAsync("ip", ["link", "delete", Bridge]);
            await Shell.RunAsync("iptables", ["-D", .. forwardRule]);
        }

        private async Task BuildAsync()
        {
            await Ip("link", "add", Bridge, "type", "bridge");
            await Ip("address", "add", "10.254.249.1/29", "dev", Bridge);
            await Ip("link", "set", Bridge, "up");
            await Shell.CheckedAsync("iptables", ["-I", .. forwardRule]);
            await AddNamedAsync(NamespaceA, VethA, "10.254.249.2", "10.254.249.1");
            await AddNamedAsync(NamespaceB, VethB, "10.254.249.3", "10.254.249.6");

            var hostView = await StartAsync("sleep", "unshare", "-n", "sleep", "600");
            await AddToProcessAsync(hostView, VethC, "10.254.249.4");

            // -m: a mount namespace of its own (private), where sysfs is mounted again in the new network namespace.
            var ownView = await StartAsync("tail", "unshare", "-n", "-m", "sh", "-c", "mount -t sysfs sysfs /sys && exec tail -f /dev/null");
            await AddToProcessAsync(ownView, VethD, "10.254.249.5");
        }

        private async Task AddNamedAsync(string netns, string veth, string address, string gateway)
        {
            await Ip("netns", "add", netns);
            await Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns);
            await Ip("link", "set", veth, "master", Bridge, "up");
            await Ip("-n", netns, "address", "add", address + "/29", "dev", "eth0");
            await Ip("-n", netns, "link", "set", "eth0", "up");
            await Ip("-n", netns, "link", "set", "lo", "up");
            await Ip("-n", netns, "route", "add", "default", "via", gateway);
        }

        private async Task AddToProcessAsync(Process process, string veth, string address)
        {
            var pid = process.Id.ToString(CultureInfo.InvariantCulture);
            await Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", pid);
            await Ip("link", "set", veth, "master", Bridge, "up");
            await Shell.CheckedAsync("nsenter", "-t", pid, "-n", "ip", "address", "add", address + "/29", "dev", "eth0");
            await Shell.CheckedAsync("nsenter", "-t", pid, "-n", "ip", "link", "set", "eth0", "mtu", "1400", "up");
        }

        /// <summary>Starts a process and waits until it runs <paramref name="command"/>: unshare has then made its namespaces.</summary>
        private async Task<Process> StartAsync(string command, string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
            processes.Add(process);
            await Eventually.WaitForAsync(
                async () => { await Task.CompletedTask; return File.ReadAllText($"/proc/{process.Id}/comm").Trim() == command ? "running" : null; },
                TimeSpan.FromSeconds(10),
                $"{file} to run {command} in its new namespace");
            return process;
        }

        private static Task<string> Ip(params string[] arguments) => Shell.CheckedAsync("ip", arguments);
    }
}
