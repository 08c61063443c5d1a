using DockerNetExporter.Kernel;

namespace DockerNetExporter.Metrics;

/// <summary>A scrape's reads, numbered and independent of each other, so that threads can share them (<see cref="SweepPool"/>).</summary>
internal interface IScrapeReads
{
    int ReadCount { get; }

    /// <summary>Read number <paramref name="index"/> (below <see cref="ReadCount"/>); a file that fails is skipped and counted.</summary>
    void Read(int index, ReadErrors readErrors, ILogger logger);
}
