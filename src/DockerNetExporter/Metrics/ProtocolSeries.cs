using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The protocol counters of one network namespace, under the container that owns it, bound to the
/// namespace's kept-open /proc/PID/net/snmp, netstat and snmp6 (null where one could not be opened).
/// At each scrape each file is re-read and its series moved, allocating nothing; a file that cannot
/// be read, or lacks a section, is skipped and counted in dockernet_read_errors_total, and the
/// series it feeds keep their last values.
/// </summary>
internal sealed class ProtocolSeries(
    string container,
    ProtocolMetrics metrics,
    ProtocolFile<SnmpCounters>? snmp,
    ProtocolFile<TcpExtCounters>? netstat,
    ProtocolFile<Snmp6Counters>? snmp6) : IDisposable
{
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

    /// <summary>Whether the three files were opened; if not, the next binding tries again.</summary>
    public bool HasAllFiles => snmp is not null && netstat is not null && snmp6 is not null;

    public void Collect(ReadErrors readErrors, ILogger logger)
    {
        if (snmp is not null && snmp.TryRead(out var v4))
        {
            Update(ip4, v4.Ip);
            Update(udp4, v4.Udp);
            if (v4.Tcp is { } t)
            {
                tcp[0].IncTo(t.InSegs);
                tcp[1].IncTo(t.OutSegs);
                tcp[2].IncTo(t.RetransSegs);
                tcp[3].IncTo(t.InErrs);
                tcp[4].IncTo(t.OutRsts);
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
            tcpExt[0].IncTo(ext.ListenOverflows);
            tcpExt[1].IncTo(ext.ListenDrops);
            tcpExt[2].IncTo(ext.BacklogDrop);
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
        else
        {
            Skip(readErrors, logger, snmp6?.Path);
        }
    }

    public void Dispose()
    {
        snmp?.Dispose();
        netstat?.Dispose();
        snmp6?.Dispose();
    }

    private static void Update(Counter.Child[] series, IpCounters? read)
    {
        if (read is { } ip)
        {
            series[0].IncTo(ip.InDiscards);
            series[1].IncTo(ip.OutDiscards);
            series[2].IncTo(ip.OutNoRoutes);
            series[3].IncTo(ip.ReasmFails);
        }
    }

    private static void Update(Counter.Child[] series, UdpCounters? read)
    {
        if (read is { } udp)
        {
            series[0].IncTo(udp.InDatagrams);
            series[1].IncTo(udp.OutDatagrams);
            series[2].IncTo(udp.RcvbufErrors);
            series[3].IncTo(udp.SndbufErrors);
            series[4].IncTo(udp.NoPorts);
            series[5].IncTo(udp.InErrors);
        }
    }

    /// <param name="path">The file, or null for one never opened.</param>
    private void Skip(ReadErrors readErrors, ILogger logger, string? path)
    {
        readErrors.Scrape();
        Log.ScrapeReadFailed(logger, path ?? unopened);
    }
}
