using System.Globalization;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

/// <summary>
/// NetClassReader over a class/net tree whose attribute files are rewritten with seeded random
/// content before each read, <see cref="Count"/> interfaces in all: it never throws, and every
/// interface is either read with the values its files hold or skipped and counted.
/// </summary>
public sealed class NetClassReaderFuzzTests
{
    /// <summary>NetClassReader's buffer: an attribute that fills it is garbage.</summary>
    private const int AttributeBufferBytes = 256;

    private const int Interfaces = 8;

    private static readonly string[] Attributes = ["ifindex", "iflink", "address"];

    private readonly ReadErrors readErrors = new();

    [Fact]
    public void Every_interface_is_read_correctly_or_skipped_and_counted()
    {
        using var tree = TempTree.Empty();
        var netClass = tree.Path("class", "net");
        var reader = NetClassReaderTests.Of(tree.AsRoots(), readErrors, NullLogger<NetClassReader>.Instance);
        var random = new Random(9001);
        for (var round = 0; round < Count / Interfaces; round++)
        {
            var expected = new Dictionary<string, (int IfIndex, int IfLink, string Address, string? Master)>(StringComparer.Ordinal);
            for (var n = 0; n < Interfaces; n++)
            {
                var name = "if" + n.ToString(CultureInfo.InvariantCulture);
                var directory = Path.Combine(netClass, name);
                Directory.CreateDirectory(directory);
                var contents = Attributes.Select(attribute => Write(random, Path.Combine(directory, attribute), attribute)).ToArray();
                var master = WriteMaster(random, Path.Combine(directory, "master"));
                if (contents.All(c => c is { Length: < AttributeBufferBytes })
                    && KernelNumbers.TryParseInt32(contents[0], out var ifIndex)
                    && KernelNumbers.TryParseInt32(contents[1], out var ifLink)
                    && SysfsParser.TryParseMacAddress(contents[2], out var address))
                {
                    expected[name] = (ifIndex, ifLink, address, master);
                }
            }

            var errorsBefore = readErrors.DiscoveryCount;
            var interfaces = reader.ReadAll(netClass);

            var context = $"round {round}";
            Assert.True(
                expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(interfaces.Select(i => i.Name).Order(StringComparer.Ordinal)),
                $"{context}: read [{string.Join(", ", interfaces.Select(i => i.Name))}], expected [{string.Join(", ", expected.Keys)}]");
            foreach (var netInterface in interfaces)
            {
                Assert.Equal(expected[netInterface.Name], (netInterface.IfIndex, netInterface.IfLink, netInterface.Address, netInterface.Master));
            }

            Assert.Equal(Interfaces - expected.Count, readErrors.DiscoveryCount - errorsBefore);
        }
    }

    /// <summary>A valid value half the time, else garbage; now and then no file at all. Returns what was written, or null.</summary>
    private static byte[]? Write(Random random, string path, string attribute)
    {
        File.Delete(path);
        if (random.Next(20) == 0)
        {
            return null;
        }

        var content = random.Next(2) == 0
            ? Latin1(Padded(random, attribute == "address"
                ? string.Join(':', Enumerable.Range(0, 6).Select(_ => random.Next(256).ToString("x2", CultureInfo.InvariantCulture)))
                : random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture)))
            : Garbage(random);
        File.WriteAllBytes(path, content);
        return content;
    }

    /// <summary>The master link with a random target text (only its file name is used), or none.</summary>
    private static string? WriteMaster(Random random, string path)
    {
        File.Delete(path);
        if (random.Next(2) == 0)
        {
            return null;
        }

        var target = Printable(random, random.Next(1, 60));
        File.CreateSymbolicLink(path, target);
        return Path.GetFileName(target);
    }
}
