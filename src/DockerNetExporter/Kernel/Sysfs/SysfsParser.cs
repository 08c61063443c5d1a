namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>
/// Parses sysfs attribute contents from bytes, without strings (numbers: <see cref="KernelNumbers"/>). Attributes are one value and a
/// newline (Documentation/ABI/testing/sysfs-class-net); anything else is rejected, never thrown.
/// </summary>
internal static class SysfsParser
{
    /// <summary>operstate is RFC 2863's: unknown, notpresent, down, lowerlayerdown, testing, dormant, up.</summary>
    public static bool TryParseOperStateUp(ReadOnlySpan<byte> content, out bool up)
    {
        var trimmed = KernelNumbers.Trim(content);
        up = trimmed.SequenceEqual("up"u8);
        return up || IsOperStateWord(trimmed);
    }

    /// <summary>
    /// A hardware address as the kernel prints it (hex bytes, colon-separated), checked and returned
    /// as lower-case text. Devices without one (tun, wireguard, ipip) print an empty line: that is "".
    /// </summary>
    public static bool TryParseMacAddress(ReadOnlySpan<byte> content, out string address)
    {
        var trimmed = KernelNumbers.Trim(content);
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

}
