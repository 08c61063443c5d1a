using System.Globalization;
using System.Numerics;
using System.Text;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// Inputs for the fuzz-style tests, from a <see cref="Random"/> with a seed fixed in the test's
/// source, so a failure reproduces; and a bounded number of them, so the suite stays fast. Garbage
/// is what a kernel file or a Docker stream should never hold but a broken or racing one might:
/// random bytes, numbers cut short or past 2^64, nothing, whitespace, NUL bytes, junk around a
/// number, and lines too long for any attribute.
/// </summary>
internal static class FuzzInput
{
    /// <summary>Inputs per parser.</summary>
    public const int Count = 2000;

    /// <summary>What <c>SysfsParser</c> trims before a value (only blanks: a leading newline is not an attribute).</summary>
    public const string LeadingBlanks = " \t";

    /// <summary>What it trims after one.</summary>
    public const string TrailingBlanks = " \t\r\n";

    private static readonly BigInteger TwoTo64 = BigInteger.One << 64;

    public static byte[] Garbage(Random random) => random.Next(10) switch
    {
        0 => Bytes(random, random.Next(1, 100)),
        1 => Latin1(Truncated(random, UInt64(random).ToString(CultureInfo.InvariantCulture) + "\n")),
        2 => Latin1(PastUInt64(random) + (random.Next(2) == 0 ? "\n" : "")),
        3 => [],
        4 => Latin1(Blanks(random, TrailingBlanks, random.Next(1, 10))),
        5 => WithNul(random, Latin1(UInt64(random).ToString(CultureInfo.InvariantCulture) + "\n")),
        6 => Latin1(Printable(random, random.Next(1, 40))),
        7 => Latin1(Junk(random) + UInt64(random).ToString(CultureInfo.InvariantCulture) + Junk(random) + "\n"),
        8 => Latin1(new string((char)('0' + random.Next(10)), random.Next(60, 400))),
        _ => Latin1("-" + UInt64(random).ToString(CultureInfo.InvariantCulture) + "\n"),
    };

    /// <summary>A 64-bit value, often one of the edges: 0, 2^31-1, 2^32, 2^64-1.</summary>
    public static ulong UInt64(Random random) => random.Next(6) switch
    {
        0 => 0,
        1 => int.MaxValue,
        2 => uint.MaxValue + 1UL,
        3 => ulong.MaxValue,
        4 => (ulong)random.Next(0, 100_000),
        _ => (ulong)random.NextInt64() * 2 + (ulong)random.Next(2),
    };

    /// <summary>A value as sysfs prints it, with blanks around it as a sloppy one might.</summary>
    public static string Padded(Random random, string value) =>
        Blanks(random, LeadingBlanks, random.Next(3)) + value + Blanks(random, TrailingBlanks, random.Next(3));

    /// <summary>A number from 2^64 to far past it.</summary>
    public static string PastUInt64(Random random) =>
        (TwoTo64 + new BigInteger(random.NextInt64()) * BigInteger.Pow(10, random.Next(0, 5))).ToString(CultureInfo.InvariantCulture);

    public static string Truncated(Random random, string text) => text[..random.Next(0, text.Length + 1)];

    public static byte[] WithNul(Random random, byte[] content)
    {
        var at = random.Next(0, content.Length + 1);
        return [.. content.AsSpan(0, at), 0, .. content.AsSpan(at)];
    }

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static string Printable(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7f))]);

    /// <summary>Any UTF-16 code units, lone surrogates and control characters included.</summary>
    public static string AnyChars(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 0x10000))]);

    /// <summary>Text with a few characters replaced, deleted or inserted at random.</summary>
    public static string Mutated(Random random, string text)
    {
        var chars = new StringBuilder(text);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(0, chars.Length + 1);
            var c = random.Next(3) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0x20, 0x7f);
            switch (random.Next(3))
            {
                case 0 when at < chars.Length:
                    chars[at] = c;
                    break;
                case 1 when at < chars.Length:
                    chars.Remove(at, 1);
                    break;
                default:
                    chars.Insert(at, c);
                    break;
            }
        }

        return chars.ToString();
    }

    /// <summary>Latin-1: one byte per character, so every byte value survives the round trip.</summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> content) => Encoding.Latin1.GetString(content);

    /// <summary>
    /// The reference for a decimal value: ASCII digits only, no sign or blank, at most 2^64-1.
    /// ulong.TryParse alone would also take trailing NULs ("7\0").
    /// </summary>
    public static bool TryParseDigits(string text, out ulong value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>For an assertion's message: which input, and its bytes.</summary>
    public static string Describe(int input, ReadOnlySpan<byte> content) => $"input {input}: {Convert.ToHexString(content)}";

    private static string Blanks(Random random, string blanks, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => blanks[random.Next(blanks.Length)])]);

    private static string Junk(Random random) => random.Next(3) == 0 ? Printable(random, random.Next(1, 4)) : "";
}
