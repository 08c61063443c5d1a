using System.Globalization;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

/// <summary>
/// One kept-open handle on a file rewritten in place <see cref="Count"/> times with seeded random
/// content, as sysfs regenerates a value on every read: no read throws, each sees what was last
/// written, and it reads as the parser reads those bytes, unless they fill the 64-byte buffer.
/// </summary>
public sealed class SysfsAttributeHandleFuzzTests
{
    private const int BufferBytes = 64;

    [Fact]
    public void Every_rewrite_reads_as_the_parser_reads_its_bytes()
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("tx_bytes");
        File.WriteAllText(path, "0\n");
        using var handle = SysfsAttributeHandle.TryOpen(path, tree.FileSystem)!;
        var random = new Random(1764);
        for (var i = 0; i < Count; i++)
        {
            var expected = UInt64(random);
            var content = (i % 4) switch
            {
                0 => Latin1(expected.ToString(CultureInfo.InvariantCulture) + "\n"),
                1 => Latin1(Padded(random, OperState(random))),
                _ => Garbage(random),
            };
            File.WriteAllBytes(path, content); // truncates and rewrites the same inode

            var fits = content.Length < BufferBytes;
            var numberOk = handle.TryReadUInt64(out var value);
            var stateOk = handle.TryReadOperStateUp(out var up);

            var referenceNumberOk = KernelNumbers.TryParseUInt64(content, out var referenceValue) && fits;
            var referenceStateOk = SysfsParser.TryParseOperStateUp(content, out var referenceUp) && fits;
            Assert.True(numberOk == referenceNumberOk && value == (fits ? referenceValue : 0), Describe(i, content));
            Assert.True(stateOk == referenceStateOk && up == (fits && referenceUp), Describe(i, content));
            Assert.True(i % 4 != 0 || (numberOk && value == expected), Describe(i, content));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_1_MB_file_reads_as_false_and_the_next_value_reads_again(bool randomBytes)
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("rx_bytes");
        File.WriteAllText(path, "1\n");
        using var handle = SysfsAttributeHandle.TryOpen(path, tree.FileSystem)!;

        // Random bytes, or a megabyte of digits, which would overflow long before they end.
        File.WriteAllBytes(path, randomBytes ? Bytes(new Random(7), 1 << 20) : Latin1(new string('9', (1 << 20) - 1) + "\n"));
        Assert.False(handle.TryReadUInt64(out var value));
        Assert.Equal(0UL, value);
        Assert.False(handle.TryReadOperStateUp(out _));

        File.WriteAllText(path, "18446744073709551615\n");
        Assert.True(handle.TryReadUInt64(out value));
        Assert.Equal(ulong.MaxValue, value);
    }

    private static string OperState(Random random) => random.Next(3) switch
    {
        0 => "up",
        1 => "down",
        _ => Mutated(random, "lowerlayerdown"),
    };
}
