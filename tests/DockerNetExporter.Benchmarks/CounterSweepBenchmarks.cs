using BenchmarkDotNet.Attributes;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The counter sweep over N real veths, against the same re-reads without parsing or bookkeeping
/// (the baseline: what the per-file design costs the kernel), and against taking the same counters
/// from one read of /proc/net/dev (what the cheapest kernel interface costs).
/// </summary>
[MemoryDiagnoser]
public class CounterSweepBenchmarks
{
    private static readonly string[] Statistics =
        ["rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors", "tx_dropped"];

    private VethPairs pairs = null!;
    private StatisticsHandles[] sweep = [];
    private SafeFileHandle[] raw = [];
    private NetDevFile procNetDev = null!;

    [Params(100, 1000)]
    public int Veths { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pairs = VethPairs.Create(Veths);
        sweep = [.. pairs.HostEnds.Select(name => StatisticsHandles.TryOpen($"/sys/class/net/{name}", FileSystemType.Of("/sys")!.Value)
            ?? throw new InvalidOperationException($"cannot open the statistics of {name}"))];
        raw = [.. pairs.HostEnds.SelectMany(name => Statistics.Select(s => File.OpenHandle($"/sys/class/net/{name}/statistics/{s}")))];
        procNetDev = NetDevFile.Open("/proc/net/dev");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var handles in sweep)
        {
            handles.Dispose();
        }

        foreach (var handle in raw)
        {
            handle.Dispose();
        }

        procNetDev.Dispose();
        pairs.Dispose();
    }

    /// <summary>pread of every statistics file at offset 0 into a stack buffer, nothing more.</summary>
    [Benchmark(Baseline = true)]
    public int RawReReads()
    {
        Span<byte> buffer = stackalloc byte[64];
        var bytes = 0;
        foreach (var handle in raw)
        {
            bytes += RandomAccess.Read(handle, buffer, 0);
        }

        return bytes;
    }

    /// <summary>What the scrape does per interface: the eight re-reads, each parsed into the counters.</summary>
    [Benchmark]
    public ulong Sweep()
    {
        ulong total = 0;
        foreach (var handles in sweep)
        {
            if (handles.TryRead(out var counters))
            {
                total += counters.TransmitBytes;
            }
        }

        return total;
    }

    /// <summary>All interfaces' counters from one read of /proc/net/dev, every line parsed, as --counters.source=proc-net-dev does.</summary>
    [Benchmark]
    public ulong ProcNetDev()
    {
        ulong total = 0;
        if (procNetDev.TryRead(out var content))
        {
            using (content)
            {
                var text = content.Text;
                foreach (var line in text.Split((byte)'\n'))
                {
                    total += NetDevFile.TryParseLine(text[line], out _, out var counters) ? counters.TransmitBytes : 0;
                }
            }
        }

        return total;
    }
}
