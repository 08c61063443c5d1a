using System.Globalization;
using DockerNetExporter.Kernel.Procfs;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>
/// Snmp6Parser on <see cref="Count"/> seeded random files: lines in the kernel's "%-32s\t%llu" format
/// in any order, wanted names sometimes left out and unknown ones added; those cut short, mutated,
/// with NULs, or behind an overlong line; and garbage. None throws, and each reads as a plain
/// string-splitting reference reads it.
/// </summary>
public sealed class Snmp6ParserFuzzTests
{
    private static readonly string[] Ip6 = ["Ip6InDiscards", "Ip6OutDiscards", "Ip6OutNoRoutes", "Ip6ReasmFails"];
    private static readonly string[] Udp6 = ["Udp6InDatagrams", "Udp6OutDatagrams", "Udp6RcvbufErrors", "Udp6SndbufErrors", "Udp6NoPorts", "Udp6InErrors"];
    private static readonly string[] Others = ["Ip6InReceives", "Icmp6InErrors", "UdpLite6InDatagrams", "Udp6InCsumErrors", "Icmp6OutType143", "Ip6InDiscardsX"];

    [Fact]
    public void Files_on_random_input()
    {
        var parser = new Snmp6Parser();
        var random = new Random(1215);
        for (var i = 0; i < Count; i++)
        {
            var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
            var lines = Ip6.Concat(Udp6).Where(_ => random.Next(12) != 0).Concat(Others.Where(_ => random.Next(2) == 0))
                .OrderBy(_ => random.Next())
                .Select(name => $"{name,-32}\t{values[name] = UInt64(random)}\n");
            var file = string.Concat(lines);
            var content = (i % 6) switch
            {
                0 => Latin1(file),
                1 => Latin1(Truncated(random, file)),
                2 => Latin1(Mutated(random, file)),
                3 => WithNul(random, WithNul(random, Latin1(file))),
                4 => Latin1(new string('9', random.Next(10_000, 100_000)) + "\n" + file),
                _ => Garbage(random),
            };

            var ok = parser.TryParse(content, out var counters);

            var (ip6, udp6) = Reference(Text(content));
            var read = (Ip6: counters.Ip6 is { } ip ? new[] { ip.InDiscards, ip.OutDiscards, ip.OutNoRoutes, ip.ReasmFails } : null,
                Udp6: counters.Udp6 is { } udp ? new[] { udp.InDatagrams, udp.OutDatagrams, udp.RcvbufErrors, udp.SndbufErrors, udp.NoPorts, udp.InErrors } : null);
            Assert.True(ok == (ip6 is not null || udp6 is not null), Describe(i, content));
            Assert.True(Same(read.Ip6, ip6) && Same(read.Udp6, udp6), Describe(i, content));
            Assert.True(i % 6 != 0 || Same(read.Ip6, Expected(Ip6, values)), Describe(i, content));
            Assert.True(i % 6 != 0 || Same(read.Udp6, Expected(Udp6, values)), Describe(i, content));
        }
    }

    private static ulong[]? Expected(string[] names, Dictionary<string, ulong> values) =>
        names.All(values.ContainsKey) ? [.. names.Select(n => values[n])] : null;

    /// <summary>A line's name ends at its first blank or tab (none first); a name's first line counts; its value is plain digits after blanks.</summary>
    private static (ulong[]? Ip6, ulong[]? Udp6) Reference(string text)
    {
        var found = new Dictionary<string, ulong?>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var blank = line.IndexOfAny([' ', '\t']);
            if (blank <= 0 || found.ContainsKey(line[..blank]))
            {
                continue;
            }

            found[line[..blank]] = TryParseDigits(line[blank..].TrimEnd('\n', '\r', '\t', ' ').TrimStart('\t', ' '), out var value) ? value : null;
        }

        ulong[]? Section(string[] names) =>
            names.All(n => found.GetValueOrDefault(n) is not null) ? [.. names.Select(n => found[n]!.Value)] : null;
        return (Section(Ip6), Section(Udp6));
    }

    private static bool Same(ulong[]? a, ulong[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);
}
