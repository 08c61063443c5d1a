using System.Buffers.Text;
using System.Net;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A network namespace's IPv4 default gateway, from /proc/PID/net/route (net/ipv4/fib_trie.c,
/// fib_route_seq_show): after a header line, one route per line, tab-separated: Iface, Destination,
/// Gateway, Flags, RefCnt, Use, Metric, Mask, MTU, Window, IRTT, addresses as %08X of the 32-bit
/// value in host byte order. The default route has destination and mask 0 and the flags RTF_UP and
/// RTF_GATEWAY; of several, the lowest metric wins, as in the kernel's lookup. Malformed lines are
/// skipped, never thrown.
/// </summary>
internal static class RouteTable
{
    private const uint RouteUp = 0x1;
    private const uint RouteGateway = 0x2;

    /// <summary>The default gateway (null when the namespace has none), or false if the file cannot be read.</summary>
    public static bool TryReadDefaultGateway(string routePath, out string? gateway)
    {
        gateway = null;
        return ProcFile.TryReadAll(routePath, out var content) && TryParseDefaultGateway(content, out gateway);
    }

    /// <summary>False only for content that is not a route table at all (no header).</summary>
    public static bool TryParseDefaultGateway(ReadOnlySpan<byte> content, out string? gateway)
    {
        gateway = null;
        if (!content.StartsWith("Iface\t"u8))
        {
            return false;
        }

        var bestMetric = uint.MaxValue;
        foreach (var range in content.Split((byte)'\n'))
        {
            if (TryParseDefaultRoute(content[range], out var address, out var metric) && (gateway is null || metric < bestMetric))
            {
                // The value was printed in host byte order: its bytes in that order are the address.
                gateway = new IPAddress(BitConverter.GetBytes(address)).ToString();
                bestMetric = metric;
            }
        }

        return true;
    }

    private static bool TryParseDefaultRoute(ReadOnlySpan<byte> line, out uint gateway, out uint metric)
    {
        gateway = 0;
        metric = 0;
        Span<uint> fields = stackalloc uint[8]; // Destination .. Mask, after Iface
        var index = -1;
        foreach (var range in line.TrimEnd(" \r"u8).Split((byte)'\t'))
        {
            if (index >= 0 && index < fields.Length)
            {
                var text = line[range];
                var hex = index is 0 or 1 or 2 or 6; // Destination, Gateway, Flags, Mask
                if (!(hex ? Utf8Parser.TryParse(text, out fields[index], out var used, 'X') : Utf8Parser.TryParse(text, out fields[index], out used)) || used != text.Length)
                {
                    return false;
                }
            }

            index++;
        }

        gateway = fields[1];
        metric = fields[5];
        return index >= fields.Length && fields[0] == 0 && fields[6] == 0 && (fields[2] & (RouteUp | RouteGateway)) == (RouteUp | RouteGateway);
    }
}
