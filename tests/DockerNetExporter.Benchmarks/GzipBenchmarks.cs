using System.IO.Compression;
using BenchmarkDotNet.Attributes;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// What gzip costs on /metrics at each level .NET offers: the whole exposition of 1,000 mapped
/// containers (<see cref="ScrapeBenchmarks"/>, sysfs; without the protocol counters, the default, and with them), taken once, then
/// compressed as the response compression middleware does it, one GZipStream per response. The
/// time is CPU time (the compression runs on one thread); the bytes are printed by the setup
/// ("// gzip ..." in the log), since they do not vary between runs.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class GzipBenchmarks
{
    private const int Containers = 1000;

    private readonly MemoryStream compressed = new();
    private byte[] exposition = [];

    [Params(CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize)]
    public CompressionLevel Level { get; set; }

    [Params(false, true)]
    public bool Protocols { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var scrape = new ScrapeBenchmarks { Containers = Containers, Protocols = Protocols, SweepThreads = 1 };
        scrape.Setup();
        try
        {
            exposition = scrape.Exposition();
        }
        finally
        {
            scrape.Cleanup();
        }

        Console.WriteLine($"// gzip {Level}, protocols {Protocols}: {Containers} containers, exposition {exposition.Length} bytes, gzip {Compress()} bytes");
    }

    [Benchmark]
    public long Compress()
    {
        compressed.SetLength(0);
        using (var gzip = new GZipStream(compressed, Level, leaveOpen: true))
        {
            gzip.Write(exposition);
        }

        return compressed.Length;
    }
}
