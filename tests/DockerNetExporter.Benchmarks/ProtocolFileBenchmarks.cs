using BenchmarkDotNet.Attributes;
using DockerNetExporter.Kernel.Procfs;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// One namespace's protocol counters files (the benchmark process's own: /proc/self/net/snmp,
/// netstat, snmp6), each kept open, re-read and parsed into its counters as a scrape would, against
/// the same re-reads without parsing (the baseline: what the kernel costs). Allocated must read 0
/// (MemoryDiagnoser): once warm, a read allocates nothing, its buffer pooled and its columns kept.
/// </summary>
[MemoryDiagnoser]
public class ProtocolFileBenchmarks
{
    private readonly byte[] rawBuffer = new byte[ProtocolFile.MaxBytes];
    private SafeFileHandle[] raw = [];
    private ProtocolFile<SnmpCounters> snmp = null!;
    private ProtocolFile<TcpExtCounters> netstat = null!;
    private ProtocolFile<Snmp6Counters> snmp6 = null!;

    [GlobalSetup]
    public void Setup()
    {
        raw = [.. new[] { "snmp", "netstat", "snmp6" }.Select(name => File.OpenHandle($"/proc/self/net/{name}"))];
        snmp = ProtocolFile.Open("/proc/self/net/snmp", new SnmpParser());
        netstat = ProtocolFile.Open("/proc/self/net/netstat", new NetstatParser());
        snmp6 = ProtocolFile.Open("/proc/self/net/snmp6", new Snmp6Parser());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var handle in raw)
        {
            handle.Dispose();
        }

        snmp.Dispose();
        netstat.Dispose();
        snmp6.Dispose();
    }

    /// <summary>pread of the three files at offset 0, nothing more.</summary>
    [Benchmark(Baseline = true)]
    public int RawReReads()
    {
        var bytes = 0;
        foreach (var handle in raw)
        {
            bytes += RandomAccess.Read(handle, rawBuffer, 0);
        }

        return bytes;
    }

    [Benchmark]
    public ulong Snmp() => snmp.TryRead(out var counters) ? counters.Tcp.GetValueOrDefault().InSegs : 0;

    [Benchmark]
    public ulong Netstat() => netstat.TryRead(out var counters) ? counters.ListenDrops : 0;

    [Benchmark]
    public ulong Snmp6() => snmp6.TryRead(out var counters) ? counters.Udp6.GetValueOrDefault().InDatagrams : 0;

    /// <summary>What a namespace costs a scrape: its three files read and parsed.</summary>
    [Benchmark]
    public ulong Namespace() => Snmp() + Netstat() + Snmp6();
}
