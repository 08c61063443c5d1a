using DockerNetExporter.Kernel;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The eight interface counters of one kind of series (container interfaces, bridges) as
/// PREFIX_{receive,transmit}_{bytes,packets,errors,dropped}_total with the same labels.
/// </summary>
internal sealed class CounterFamily
{
    private static readonly (string Direction, string Quantity, string Statistic)[] Kinds =
    [
        ("receive", "bytes", "rx_bytes"), ("receive", "packets", "rx_packets"), ("receive", "errors", "rx_errors"), ("receive", "dropped", "rx_dropped"),
        ("transmit", "bytes", "tx_bytes"), ("transmit", "packets", "tx_packets"), ("transmit", "errors", "tx_errors"), ("transmit", "dropped", "tx_dropped"),
    ];

    private readonly Counter[] counters;

    /// <param name="describe">The HELP text of one counter, from its direction, quantity and sysfs statistic.</param>
    public CounterFamily(MetricFactory factory, string prefix, string[] labelNames, Func<string, string, string, string> describe)
    {
        // A series appears with the first value read from the kernel, never as a made-up 0.
        counters = [.. Kinds.Select(k => factory.CreateCounter(
            $"{prefix}_{k.Direction}_{k.Quantity}_total",
            describe(k.Direction, k.Quantity, k.Statistic),
            new CounterConfiguration { LabelNames = labelNames, SuppressInitialValue = true }))];
    }

    public CounterSeries Bind(ReadOnlySpan<string> labelValues)
    {
        var children = new Counter.Child[counters.Length];
        for (var i = 0; i < counters.Length; i++)
        {
            children[i] = counters[i].WithLabels(labelValues);
        }

        return new CounterSeries(children);
    }

    public void Remove(string[] labelValues)
    {
        foreach (var counter in counters)
        {
            counter.RemoveLabelled(labelValues);
        }
    }
}

/// <summary>The eight bound counters of one interface, moved to the kernel's values at scrape time.</summary>
internal sealed class CounterSeries(Counter.Child[] children)
{
    public void Update(in InterfaceCounters counters)
    {
        children[0].IncTo(counters.ReceiveBytes);
        children[1].IncTo(counters.ReceivePackets);
        children[2].IncTo(counters.ReceiveErrors);
        children[3].IncTo(counters.ReceiveDropped);
        children[4].IncTo(counters.TransmitBytes);
        children[5].IncTo(counters.TransmitPackets);
        children[6].IncTo(counters.TransmitErrors);
        children[7].IncTo(counters.TransmitDropped);
    }
}
