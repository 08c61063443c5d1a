using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The protocol counters of one network namespace, under the container that owns it, bound to the
/// namespace's kept-open snmp, netstat and snmp6 (<see cref="ProtocolFiles"/>). At each scrape each
/// file is re-read and its series moved, allocating nothing; a file that cannot be read, or lacks a
/// section, is skipped and counted in dockernet_read_errors_total, and the series it feeds keep
/// their last values. A kernel without IPv6 has no snmp6: no ipv6 series, and nothing counted.
/// </summary>
internal sealed class ProtocolSeries(string container, ProtocolMetrics metrics, ProtocolFiles files) : IBoundSeries
{
    private readonly ProtocolFile<SnmpCounters>? snmp = files.Snmp;
    private readonly ProtocolFile<TcpExtCounters>? netstat = files.Netstat;
    private readonly ProtocolFile<Snmp6Counters>? snmp6 = files.Snmp6;

    private readonly Counter.Child[] tcp = [.. metrics.Tcp.Select(c => c.WithLabels(container))];
    private readonly Gauge.Child tcpEstablished = metrics.TcpConnectionsEstablished.WithLabels(container);
    private readonly Counter.Child[] tcpExt = [.. metrics.TcpExt.Select(c => c.WithLabels(container))];
    private readonly Counter.Child[] udp4 = [.. metrics.Udp.Select(c => c.WithLabels(container, "ipv4"))];
    private readonly Counter.Child[] udp6 = [.. metrics.Udp.Select(c => c.WithLabels(container, "ipv6"))];
    private readonly Counter.Child[] ip4 = [.. metrics.Ip.Select(c => c.WithLabels(container, "ipv4"))];
    private readonly Counter.Child[] ip6 = [.. metrics.Ip.Select(c => c.WithLabels(container, "ipv6"))];

    // What the log names for a file never opened.
    private readonly string unopened = $"a protocol counters file of {container}'s network namespace, not open";

    public string Container => container;

    public bool HasAllFiles => files.HasAll;

    public void Collect(ReadErrors readErrors, ILogger logger)
    {
        if (snmp is not null && snmp.TryRead(out var v4))
        {
            Update(ip4, v4.Ip);
            Update(udp4, v4.Udp);
            if (v4.Tcp is { } t)
            {
                IncTo(tcp, t.InSegs, t.OutSegs, t.RetransSegs, t.InErrs, t.OutRsts);
                tcpEstablished.Set(t.CurrEstab);
            }

            if (v4.Ip is null || v4.Tcp is null || v4.Udp is null)
            {
                Skip(readErrors, logger, snmp.Path);
            }
        }
        else
        {
            Skip(readErrors, logger, snmp?.Path);
        }

        if (netstat is not null && netstat.TryRead(out var ext))
        {
            IncTo(tcpExt, ext.ListenOverflows, ext.ListenDrops, ext.BacklogDrop);
        }
        else
        {
            Skip(readErrors, logger, netstat?.Path);
        }

        if (snmp6 is not null && snmp6.TryRead(out var v6))
        {
            Update(ip6, v6.Ip6);
            Update(udp6, v6.Udp6);
            if (v6.Ip6 is null || v6.Udp6 is null)
            {
                Skip(readErrors, logger, snmp6.Path);
            }
        }
        else if (files.HasIpv6)
        {
            Skip(readErrors, logger, snmp6?.Path);
        }
    }

    public void Dispose() => files.Dispose();

    private static void Update(Counter.Child[] series, IpCounters? read)
    {
        if (read is { } ip)
        {
            IncTo(series, ip.InDiscards, ip.OutDiscards, ip.OutNoRoutes, ip.ReasmFails);
        }
    }

    private static void Update(Counter.Child[] series, UdpCounters? read)
    {
        if (read is { } udp)
        {
            IncTo(series, udp.InDatagrams, udp.OutDatagrams, udp.RcvbufErrors, udp.SndbufErrors, udp.NoPorts, udp.InErrors);
        }
    }

    /// <summary>Moves each counter to its value, in the order of its family's metrics (<see cref="ProtocolMetrics"/>).</summary>
    private static void IncTo(Counter.Child[] series, params ReadOnlySpan<ulong> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            series[i].IncTo(values[i]);
        }
    }

    /// <param name="path">The file, or null for one never opened.</param>
    private void Skip(ReadErrors readErrors, ILogger logger, string? path)
    {
        readErrors.Scrape();
        Log.ScrapeReadFailed(logger, path ?? unopened);
    }
}
