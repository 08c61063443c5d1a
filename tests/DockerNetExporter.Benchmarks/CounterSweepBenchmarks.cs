using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Sysfs;
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
    private SafeFileHandle procNetDev = null!;
    private byte[] procNetDevBuffer = [];

    [Params(100, 1000)]
    public int Veths { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pairs = VethPairs.Create(Veths);
        sweep = [.. pairs.HostEnds.Select(name => StatisticsHandles.TryOpen($"/sys/class/net/{name}")
            ?? throw new InvalidOperationException($"cannot open the statistics of {name}"))];
        raw = [.. pairs.HostEnds.SelectMany(name => Statistics.Select(s => File.OpenHandle($"/sys/class/net/{name}/statistics/{s}")))];
        procNetDev = File.OpenHandle("/proc/net/dev");
        procNetDevBuffer = new byte[1 << 20];
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

    /// <summary>All interfaces' counters from one read of /proc/net/dev, every number parsed.</summary>
    [Benchmark]
    public ulong ProcNetDev()
    {
        var length = 0;
        int read;
        while ((read = RandomAccess.Read(procNetDev, procNetDevBuffer.AsSpan(length), length)) > 0)
        {
            length += read;
        }

        ulong total = 0;
        var text = procNetDevBuffer.AsSpan(0, length);
        while (text.Length > 0)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue; // the two header lines
            }

            // rx bytes packets errs drop fifo frame compressed multicast, tx bytes packets errs drop fifo colls carrier compressed
            var fields = line[(colon + 1)..];
            for (var field = 0; field < 16; field++)
            {
                fields = fields.TrimStart((byte)' ');
                if (!Utf8Parser.TryParse(fields, out ulong value, out var consumed))
                {
                    break;
                }

                total += field == 8 ? value : 0;
                fields = fields[consumed..];
            }
        }

        return total;
    }
}
