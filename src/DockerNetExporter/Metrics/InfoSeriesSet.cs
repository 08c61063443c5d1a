using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The series of one gauge family that describe the topology (info series, per-bridge gauges):
/// each sync sets the wanted series and removes the ones no longer wanted, so nothing gone stays
/// behind at its last value.
/// </summary>
internal sealed class InfoSeriesSet(Gauge gauge)
{
    private Dictionary<string, string[]> current = new(StringComparer.Ordinal);

    public void Sync(IEnumerable<(string[] LabelValues, double Value)> wanted)
    {
        var next = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var values = new List<(string[] LabelValues, double Value)>();
        foreach (var series in wanted)
        {
            if (next.TryAdd(string.Join('\u001f', series.LabelValues), series.LabelValues))
            {
                values.Add(series);
            }
        }

        foreach (var (key, labelValues) in current)
        {
            if (!next.ContainsKey(key))
            {
                gauge.RemoveLabelled(labelValues);
            }
        }

        foreach (var (labelValues, value) in values)
        {
            gauge.WithLabels(labelValues).Set(value);
        }

        current = next;
    }
}
