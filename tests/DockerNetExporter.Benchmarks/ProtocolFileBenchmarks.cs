using BenchmarkDotNet.Attributes;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// One namespace's protocol counters files (the benchmark process's own: /proc/self/net/snmp,
/// netstat, snmp6), each kept open, re-read and parsed into its counters as a scrape would, against
/// the same re-reads without parsing (the baseline: what the kernel costs), and with the namespace's
/// series moved as a scrape moves them. Allocated must read 0 (MemoryDiagnoser): once warm, a read
/// allocates nothing, its buffer pooled and its columns kept.
/// </summary>
[MemoryDiagnoser]
public class ProtocolFileBenchmarks
{
    private readonly byte[] rawBuffer = new byte[ProtocolFile.MaxBytes];
    private SafeFileHandle[] raw = [];
    private ProtocolFile<SnmpCounters> snmp = null!;
    private ProtocolFile<TcpExtCounters> netstat = null!;
    private ProtocolFile<Snmp6Counters> snmp6 = null!;
    private ProtocolSeries series = null!;
    private readonly ReadErrors readErrors = new();

    [GlobalSetup]
    public void Setup()
    {
        raw = [.. new[] { "snmp", "netstat", "snmp6" }.Select(name => File.OpenHandle($"/proc/self/net/{name}"))];
        snmp = ProtocolFile.Open("/proc/self/net/snmp", new SnmpParser());
        netstat = ProtocolFile.Open("/proc/self/net/netstat", new NetstatParser());
        snmp6 = ProtocolFile.Open("/proc/self/net/snmp6", new Snmp6Parser());
        series = new ProtocolSeries(
            "benchmark", new ProtocolMetrics(Prometheus.Metrics.NewCustomRegistry()),
            new ProtocolFiles(
                ProtocolFile.Open("/proc/self/net/snmp", new SnmpParser()),
                ProtocolFile.Open("/proc/self/net/netstat", new NetstatParser()),
                ProtocolFile.Open("/proc/self/net/snmp6", new Snmp6Parser()),
                hasIpv6: true));
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
        series.Dispose();
        if (readErrors.ScrapeCount != 0)
        {
            throw new InvalidOperationException($"{readErrors.ScrapeCount} reads failed: the Series figures are not of the whole path");
        }
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

    /// <summary>The same, and the namespace's 29 series moved: what a scrape does per namespace with --collector.protocols.</summary>
    [Benchmark]
    public void Series() => series.Collect(readErrors, NullLogger.Instance);
}
