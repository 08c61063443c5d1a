using System.Buffers.Text;

namespace DockerNetExporter.Sysfs;

/// <summary>
/// Parses sysfs attribute contents from bytes, without strings. Attributes are one value and a
/// newline (Documentation/ABI/testing/sysfs-class-net); anything else is rejected, never thrown.
/// </summary>
internal static class SysfsParser
{
    public static bool TryParseUInt64(ReadOnlySpan<byte> content, out ulong value)
    {
        var trimmed = Trim(content);
        value = 0;
        return trimmed.Length > 0
            && Utf8Parser.TryParse(trimmed, out value, out var consumed)
            && consumed == trimmed.Length;
    }

    /// <summary>A non-negative int, as ifindex, iflink and mtu are.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> content, out int value)
    {
        var ok = TryParseUInt64(content, out var wide) && wide <= int.MaxValue;
        value = ok ? (int)wide : 0;
        return ok;
    }

    /// <summary>operstate is RFC 2863's: unknown, notpresent, down, lowerlayerdown, testing, dormant, up.</summary>
    public static bool TryParseOperStateUp(ReadOnlySpan<byte> content, out bool up)
    {
        var trimmed = Trim(content);
        up = trimmed.SequenceEqual("up"u8);
        return up || IsOperStateWord(trimmed);
    }

    /// <summary>
    /// A hardware address as the kernel prints it (hex bytes, colon-separated), checked and returned
    /// as lower-case text. Devices without one (tun, wireguard, ipip) print an empty line: that is "".
    /// </summary>
    public static bool TryParseMacAddress(ReadOnlySpan<byte> content, out string address)
    {
        var trimmed = Trim(content);
        address = "";
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (trimmed.Length > 64 || (trimmed.Length + 1) % 3 != 0)
        {
            return false;
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            var b = trimmed[i];
            var ok = i % 3 == 2 ? b == (byte)':' : char.IsAsciiHexDigit((char)b);
            if (!ok)
            {
                return false;
            }
        }

        address = System.Text.Encoding.ASCII.GetString(trimmed).ToLowerInvariant();
        return true;
    }

    private static bool IsOperStateWord(ReadOnlySpan<byte> word) =>
        word.SequenceEqual("unknown"u8) || word.SequenceEqual("notpresent"u8) || word.SequenceEqual("down"u8)
        || word.SequenceEqual("lowerlayerdown"u8) || word.SequenceEqual("testing"u8) || word.SequenceEqual("dormant"u8);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> content) => content.TrimEnd("\n\r\t "u8).TrimStart("\t "u8);
}
