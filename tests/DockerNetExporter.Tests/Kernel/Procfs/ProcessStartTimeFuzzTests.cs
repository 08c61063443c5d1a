using System.Globalization;
using System.Numerics;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>
/// The /proc/PID/stat and /proc/stat parsers on <see cref="Count"/> seeded inputs each: lines as
/// the kernel prints them around random process names, which must give their starttime and btime;
/// and those lines cut short or mutated, and garbage, which must not throw and must agree with a
/// plain reference (split the text, take the field).
/// </summary>
public sealed class ProcessStartTimeFuzzTests
{
    /// <summary>
    /// Field 22's index in the text after the last ')' split at spaces: "" (the end of field 2),
    /// then field 3 at index 1.
    /// </summary>
    private const int StartTimeIndex = 20;

    [Fact]
    public void Start_ticks_on_random_input()
    {
        var random = new Random(2222);
        for (var i = 0; i < Count; i++)
        {
            var ticks = UInt64(random);
            var line = StatLine(random, ticks);
            var content = (i % 4) switch
            {
                0 => line,
                1 => line[..random.Next(0, line.Length + 1)],
                2 => Latin1(Mutated(random, Text(line))),
                _ => Garbage(random),
            };

            var ok = ProcessStat.TryParseStartTicks(content, out var parsed);

            var referenceOk = ReferenceStartTicks(content, out var reference);
            Assert.True(ok == referenceOk && parsed == reference, Describe(i, content));
            Assert.True(i % 4 != 0 || (ok && parsed == ticks), Describe(i, content));
        }
    }

    [Fact]
    public void Boot_time_on_random_input()
    {
        var random = new Random(1970);
        for (var i = 0; i < Count; i++)
        {
            var seconds = random.NextInt64(0, DateTimeOffset.MaxValue.ToUnixTimeSeconds() + 1);
            var procStat = ProcStat(random, seconds);
            var content = (i % 4) switch
            {
                0 => procStat,
                1 => procStat[..random.Next(0, procStat.Length + 1)],
                2 => Latin1(Mutated(random, Text(procStat))),
                _ => Garbage(random),
            };

            var ok = ProcessStartTime.TryParseBootTime(content, out var parsed);

            var referenceOk = ReferenceBootTime(content, out var reference);
            Assert.True(ok == referenceOk && parsed == reference, Describe(i, content));
            Assert.True(i % 4 != 0 || (ok && parsed == seconds), Describe(i, content));
        }
    }

    /// <summary>The whole read, arithmetic included, for any boot time and any starttime: never an overflow.</summary>
    [Fact]
    public void Start_time_of_random_files_and_boot_times()
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("stat");
        var random = new Random(1234);
        for (var i = 0; i < Count; i++)
        {
            var bootTime = new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks + 1), TimeSpan.Zero);
            var ticks = UInt64(random);
            var content = i % 2 == 0 ? StatLine(random, ticks) : Garbage(random);
            File.WriteAllBytes(path, content);

            var ok = ProcessStartTime.TryRead(path, bootTime, out var startedAt);

            var inRange = ReferenceStartTicks(content, out var parsed)
                && new BigInteger(bootTime.UtcTicks) + (new BigInteger(parsed) * 100_000) <= DateTimeOffset.MaxValue.UtcTicks;
            Assert.True(ok == inRange, Describe(i, content));
            Assert.True(!ok || startedAt == bootTime.AddTicks((long)parsed * 100_000), Describe(i, content));
        }
    }

    /// <summary>
    /// A line as fs/proc/array.c prints it: pid, a name of up to 15 bytes (anything but NUL, so
    /// spaces, parentheses and newlines too), then fields 3 to 52, some of them signed.
    /// </summary>
    private static byte[] StatLine(Random random, ulong startTicks)
    {
        var comm = Bytes(random, random.Next(0, 16));
        comm.AsSpan().Replace((byte)0, (byte)')');
        var fields = Enumerable.Range(3, 50).Select(field => field switch
        {
            3 => "RSDZTtXI"[random.Next(8)].ToString(),
            22 => startTicks.ToString(CultureInfo.InvariantCulture),
            _ => random.Next(4) == 0 ? random.Next(int.MinValue, 0).ToString(CultureInfo.InvariantCulture) : UInt64(random).ToString(CultureInfo.InvariantCulture),
        });
        return [.. Latin1(random.Next(1, 4194304).ToString(CultureInfo.InvariantCulture) + " ("), .. comm, .. Latin1(") " + string.Join(' ', fields) + "\n")];
    }

    private static byte[] ProcStat(Random random, long btime)
    {
        var lines = new List<string> { "cpu  1523004 3120 498211", "intr 98765432 9 0 0", "ctxt 187654321", "processes 123456", "procs_running 2" };
        lines.Insert(random.Next(lines.Count + 1), "btime " + btime.ToString(CultureInfo.InvariantCulture));
        return Latin1(string.Join('\n', lines) + "\n");
    }

    private static bool ReferenceStartTicks(byte[] content, out ulong ticks)
    {
        ticks = 0;
        var text = Text(content);
        var close = text.LastIndexOf(')');
        var fields = close < 0 ? [] : text[(close + 1)..].Split(' ');
        return fields.Length > StartTimeIndex && fields[0].Length == 0 && ReferenceNumber(fields[StartTimeIndex], out ticks);
    }

    private static bool ReferenceBootTime(byte[] content, out long seconds)
    {
        ulong value = 0;
        var line = Text(content).Split('\n').FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
        var ok = line is not null && ReferenceNumber(line["btime ".Length..], out value) && value <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        seconds = ok ? (long)value : 0;
        return ok;
    }

    private static bool ReferenceNumber(string text, out ulong value) =>
        TryParseDigits(text.TrimEnd(TrailingBlanks.ToCharArray()).TrimStart(LeadingBlanks.ToCharArray()), out value);
}
