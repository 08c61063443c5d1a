using System.Globalization;
using System.Text.RegularExpressions;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

/// <summary>
/// NetNamespaceReader on <see cref="Count"/> links with seeded random targets: net:[INODE] for
/// random inodes, which must read as that inode, and mutations of it and random text, which must
/// not throw and read as an inode exactly when they are net:[ASCII DIGITS] with a 64-bit value.
/// </summary>
public sealed partial class NetNamespaceReaderFuzzTests
{
    [Fact]
    public void Random_link_targets()
    {
        using var tree = TempTree.Empty();
        var link = tree.Path("net");
        var random = new Random(4026);
        for (var i = 0; i < Count; i++)
        {
            var inode = UInt64(random);
            var valid = "net:[" + inode.ToString(CultureInfo.InvariantCulture) + "]";
            var target = (i % 4) switch
            {
                0 => valid,
                1 => Mutated(random, valid),
                2 => "net:[" + PastUInt64(random) + "]",
                _ => random.Next(2) == 0 ? Printable(random, random.Next(1, 80)) : AnyChars(random, random.Next(1, 40)),
            };

            // A link target is bytes without NUL; .NET writes it as UTF-8, lone surrogates replaced.
            target = target.Replace('\0', '0');
            File.Delete(link);
            File.CreateSymbolicLink(link, target);
            var written = new FileInfo(link).LinkTarget!;

            var ok = NetNamespaceReader.TryRead(link, out var read, out _);

            var match = NetTarget().Match(written);
            ulong reference = 0;
            var referenceOk = match.Success && TryParseDigits(match.Groups[1].Value, out reference);
            Assert.True(ok == referenceOk && read == reference, $"input {i}: {written}");
            Assert.True(i % 4 != 0 || (ok && read == inode), $"input {i}: {written}");
        }
    }

    [GeneratedRegex(@"\Anet:\[([0-9]+)\]\z")]
    private static partial Regex NetTarget();
}
