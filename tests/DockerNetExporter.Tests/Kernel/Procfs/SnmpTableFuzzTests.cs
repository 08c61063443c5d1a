using System.Globalization;
using DockerNetExporter.Kernel.Procfs;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>
/// SnmpParser and NetstatParser (the pairs-of-lines format of /proc/PID/net/snmp and netstat) on
/// <see cref="Count"/> seeded random files each: sections in the kernel's format with the columns
/// shuffled, unknown ones added and wanted ones sometimes left out; those files cut short, mutated,
/// with NULs in them or a names line of thousands of columns; and garbage. None throws, and each
/// reads as a plain string-splitting reference reads it. One parser reads every input, as one
/// serves every namespace, so its kept columns meet a new names line at almost every read.
/// </summary>
public sealed class SnmpTableFuzzTests
{
    private static readonly (string Prefix, string[] Names)[] SnmpSections =
    [
        ("Ip", ["InDiscards", "OutDiscards", "OutNoRoutes", "ReasmFails"]),
        ("Tcp", ["InSegs", "OutSegs", "RetransSegs", "InErrs", "OutRsts", "CurrEstab"]),
        ("Udp", ["InDatagrams", "OutDatagrams", "RcvbufErrors", "SndbufErrors", "NoPorts", "InErrors"]),
    ];

    private static readonly (string Prefix, string[] Names)[] NetstatSections =
        [("TcpExt", ["ListenOverflows", "ListenDrops", "TCPBacklogDrop"])];

    /// <summary>Sections the parsers must not take for theirs, whose names are wanted ones.</summary>
    private static readonly string[] OtherPrefixes = ["UdpLite", "Icmp", "IpExt", "MPTcpExt", "Tcp6", "ip", "Ip "];

    [Fact]
    public void Snmp_files_on_random_input()
    {
        var parser = new SnmpParser();
        Run(new Random(1213), SnmpSections, content =>
        {
            var ok = parser.TryParse(content, out var c);
            return (ok, [
                c.Ip is { } ip ? [ip.InDiscards, ip.OutDiscards, ip.OutNoRoutes, ip.ReasmFails] : null,
                c.Tcp is { } tcp ? [tcp.InSegs, tcp.OutSegs, tcp.RetransSegs, tcp.InErrs, tcp.OutRsts, tcp.CurrEstab] : null,
                c.Udp is { } udp ? [udp.InDatagrams, udp.OutDatagrams, udp.RcvbufErrors, udp.SndbufErrors, udp.NoPorts, udp.InErrors] : null,
            ]);
        });
    }

    [Fact]
    public void Netstat_files_on_random_input()
    {
        var parser = new NetstatParser();
        Run(new Random(1214), NetstatSections, content =>
        {
            var ok = parser.TryParse(content, out var c);
            return (ok, [ok ? [c.ListenOverflows, c.ListenDrops, c.BacklogDrop] : null]);
        });
    }

    private static void Run(Random random, (string Prefix, string[] Names)[] sections, Func<byte[], (bool Ok, ulong[]?[] Sections)> parse)
    {
        for (var i = 0; i < Count; i++)
        {
            var (file, expected) = File(random, sections);
            var content = (i % 6) switch
            {
                0 => Latin1(file),
                1 => Latin1(Truncated(random, file)),
                2 => Latin1(Mutated(random, file)),
                3 => WithNul(random, WithNul(random, Latin1(file))),
                4 => Latin1(Overlong(random, sections) + file),
                _ => Garbage(random),
            };

            var (ok, read) = parse(content);

            var reference = Reference(Text(content), sections);
            Assert.True(ok == reference.Any(s => s is not null), Describe(i, content));
            for (var s = 0; s < sections.Length; s++)
            {
                Assert.True(Same(read[s], reference[s]), Describe(i, content));
                Assert.True(i % 6 != 0 || Same(read[s], expected[s]), Describe(i, content));
            }
        }
    }

    /// <summary>
    /// A file in the kernel's format: each section's names (wanted and unknown, shuffled) and values,
    /// among other sections. Also what it must read as: a section's values, or null for one left out.
    /// </summary>
    private static (string File, ulong[]?[] Expected) File(Random random, (string Prefix, string[] Names)[] sections)
    {
        var pairs = new List<string>();
        var expected = new ulong[]?[sections.Length];
        for (var s = 0; s < sections.Length; s++)
        {
            var (prefix, wanted) = sections[s];
            var columns = wanted.Select(name => (Name: name, Value: UInt64(random).ToString(CultureInfo.InvariantCulture)))
                .Where(_ => random.Next(8) != 0)
                .Concat(Enumerable.Range(0, random.Next(0, 20)).Select(n => (Name: "Future" + n, Value: random.Next(4) == 0 ? "-1" : UInt64(random).ToString(CultureInfo.InvariantCulture))))
                .OrderBy(_ => random.Next())
                .ToList();
            expected[s] = columns.Count(c => wanted.Contains(c.Name)) == wanted.Length
                ? [.. wanted.Select(name => ulong.Parse(columns.First(c => c.Name == name).Value, CultureInfo.InvariantCulture))]
                : null;
            pairs.Add($"{prefix}: {string.Join(' ', columns.Select(c => c.Name))}\n{prefix}: {string.Join(' ', columns.Select(c => c.Value))}\n");
        }

        foreach (var other in OtherPrefixes.Where(_ => random.Next(2) == 0))
        {
            var names = sections.SelectMany(s => s.Names).Where(_ => random.Next(2) == 0).ToList();
            pairs.Add($"{other}: {string.Join(' ', names)}\n{other}: {string.Join(' ', names.Select(_ => random.Next(100)))}\n");
        }

        return (string.Concat(pairs.OrderBy(_ => random.Next())), expected);
    }

    /// <summary>A names line of thousands of columns, with its values line, before the file: a section of another prefix.</summary>
    private static string Overlong(Random random, (string Prefix, string[] Names)[] sections)
    {
        var columns = random.Next(2000, 20000);
        var prefix = random.Next(2) == 0 ? OtherPrefixes[random.Next(OtherPrefixes.Length)] : sections[random.Next(sections.Length)].Prefix;
        return $"{prefix}: {string.Join(' ', Enumerable.Range(0, columns).Select(n => "X" + n))}\n{prefix}: {string.Join(' ', Enumerable.Repeat("1", columns))}\n";
    }

    /// <summary>
    /// Lines split at '\n'; the first pair of consecutive lines starting "Prefix:" is the section's;
    /// its names and values split at blanks must be as many, hold every wanted name, and the value at
    /// each one's first column must be plain digits up to 2^64-1 (after the blanks a kernel number may end with).
    /// </summary>
    private static ulong[]?[] Reference(string text, (string Prefix, string[] Names)[] sections)
    {
        var lines = text.Split('\n');
        var result = new ulong[]?[sections.Length];
        var paired = new bool[sections.Length];
        for (var i = 0; i + 1 < lines.Length;)
        {
            var s = Array.FindIndex(sections, x => lines[i].StartsWith(x.Prefix + ":", StringComparison.Ordinal));
            if (s < 0 || paired[s] || !lines[i + 1].StartsWith(sections[s].Prefix + ":", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            paired[s] = true;
            var names = Tokens(lines[i], sections[s].Prefix);
            var values = Tokens(lines[i + 1], sections[s].Prefix);
            var parsed = new ulong[sections[s].Names.Length];
            var whole = names.Length == values.Length && sections[s].Names.Select((name, f) =>
            {
                var column = Array.IndexOf(names, name);
                return column >= 0 && TryParseDigits(values[column].TrimEnd('\n', '\r', '\t', ' ').TrimStart('\t', ' '), out parsed[f]);
            }).ToList().All(ok => ok);
            result[s] = whole ? parsed : null;
            i += 2;
        }

        return result;
    }

    private static string[] Tokens(string line, string prefix) => line[(prefix.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool Same(ulong[]? a, ulong[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);
}
