using System.Globalization;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A network namespace's own counters, read by the test from /proc/PID/net/snmp or netstat (a header
/// line of field names, then a line of values, both starting "Section:"), apart from the exporter.
/// </summary>
internal static class ProcNetCounters
{
    public static ulong Read(int pid, string file, string section, string field)
    {
        var prefix = section + ":";
        var lines = File.ReadAllLines($"/proc/{pid}/net/{file}").Where(l => l.StartsWith(prefix + " ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 2, $"/proc/{pid}/net/{file} has no {section} header and values");
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(names, field);
        Assert.True(column > 0, $"/proc/{pid}/net/{file} has no {section} {field}");
        return ulong.Parse(values[column], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Scrapes between two reads of the kernel's counters, again until both reads are equal: the
    /// kernel then held those values all through the scrape, so the exporter's must equal them.
    /// Unequal reads mean the burst's tail was still counting; 20 tries, 0.2 s apart, are ample.
    /// </summary>
    public static async Task<(IReadOnlyList<Sample> Samples, ulong[] Kernel)> ScrapeBetweenEqualReadsAsync(HttpClient exporter, Func<ulong[]> readKernel)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var before = readKernel();
            var samples = await MetricsEndpoint.ScrapeAsync(exporter);
            var after = readKernel();
            if (before.SequenceEqual(after))
            {
                return (samples, after);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the kernel's counters kept moving after the burst");
    }
}
