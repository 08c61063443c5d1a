using System.Buffers.Text;

namespace DockerNetExporter.Kernel;

/// <summary>
/// Decimal numbers as the kernel prints them, in sysfs attributes (one value and a newline,
/// Documentation/ABI/testing/sysfs-class-net) and procfs fields; read from bytes, without strings.
/// Anything else is rejected, never thrown.
/// </summary>
internal static class KernelNumbers
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

    /// <summary>The value without the newline the kernel ends it with, nor blanks around it.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> content) => content.TrimEnd("\n\r\t "u8).TrimStart("\t "u8);
}
