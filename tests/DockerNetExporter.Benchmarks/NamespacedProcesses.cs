using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// What a host of N bridged containers looks like to the kernel, without a container runtime: one
/// bridge; per container a network namespace whose eth0 is one end of a veth pair, the other end on
/// the bridge; and a process in that namespace (`ip netns exec NS sleep`, which also mounts the
/// namespace's own /sys, as a container has). <see cref="Inventory"/> is what Docker would say.
/// </summary>
public sealed class NamespacedProcesses : IDisposable
{
    private const string NetworkId = "be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c4be7c";

    private readonly string bridge;
    private readonly string[] namespaces;
    private readonly List<Process> processes = [];

    private NamespacedProcesses(string bridge, string[] namespaces)
    {
        this.bridge = bridge;
        this.namespaces = namespaces;
    }

    internal RuntimeInventory Inventory { get; private set; } = RuntimeInventory.Empty;

    /// <summary>The bridge every veth hangs on.</summary>
    internal string Bridge => bridge;

    public static NamespacedProcesses Create(int count)
    {
        // Interface names hold at most 15 characters: dnb, this process (up to 5 digits), a kind, the index.
        var prefix = IpBatch.NamePrefix("n");
        var bridge = IpBatch.NamePrefix("br");
        var namespaces = Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var host = new NamespacedProcesses(bridge, namespaces);
        try
        {
            IpBatch.Run([$"link add {bridge} type bridge", $"link set {bridge} up"]);
            IpBatch.Run(namespaces.SelectMany((ns, i) => new[]
            {
                $"netns add {ns}",
                $"link add {IpBatch.NamePrefix("v")}{i} type veth peer name eth0 netns {ns}",
                $"link set {IpBatch.NamePrefix("v")}{i} master {bridge} up",
            }));
            host.Inventory = host.StartProcesses();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }

        // Deleting a namespace deletes its eth0, and with it the veth's other end.
        IpBatch.Run([.. namespaces.Select(ns => $"netns del {ns}"), $"link del {bridge}"]);
    }

    private RuntimeInventory StartProcesses()
    {
        if (!ProcessStartTime.TryReadBootTime("/proc/stat", out var bootTime))
        {
            throw new InvalidOperationException("cannot read the boot time from /proc/stat");
        }

        var containers = ImmutableDictionary.CreateBuilder<string, RuntimeContainer>(StringComparer.Ordinal);
        foreach (var (ns, i) in namespaces.Select((ns, i) => (ns, i)))
        {
            var process = Process.Start("ip", ["netns", "exec", ns, "sleep", "3600"])!;
            processes.Add(process);
            var eth0 = $"/proc/{process.Id}/root/sys/class/net/eth0";
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(eth0, "address")) || File.ReadAllText($"/proc/{process.Id}/comm").Trim() != "sleep")
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException($"the process in {ns} did not start");
                }

                Thread.Sleep(1);
            }

            if (!ProcessStartTime.TryRead($"/proc/{process.Id}/stat", bootTime, out var startedAt))
            {
                throw new InvalidOperationException($"cannot read when process {process.Id} started");
            }

            var id = i.ToString("x64", CultureInfo.InvariantCulture);
            var mac = File.ReadAllText(Path.Combine(eth0, "address")).Trim();
            containers[id] = new RuntimeContainer(
                id, $"bench-{i}", "busybox", process.Id, startedAt, "benchnet", "", "", [new RuntimeEndpoint("benchnet", NetworkId, mac, "", "", "")]);
        }

        var network = new RuntimeNetwork(NetworkId, "benchnet", "bridge", bridge, []);
        return new RuntimeInventory(containers.ToImmutable(), ImmutableDictionary<string, RuntimeNetwork>.Empty.Add(NetworkId, network));
    }
}
