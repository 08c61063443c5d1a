using System.Globalization;
using System.Text.RegularExpressions;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

/// <summary>
/// SysfsParser on <see cref="Count"/> seeded inputs per method: a third valid values with blanks
/// around them, which must parse to that value; the rest garbage, on which the parser must not
/// throw and must agree with a plain reference (.NET's own parsing of the trimmed text).
/// </summary>
public sealed partial class SysfsParserFuzzTests
{
    private static readonly string[] OperStates = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];

    [Fact]
    public void UInt64_on_random_input()
    {
        var random = new Random(6401);
        for (var i = 0; i < Count; i++)
        {
            var valid = i % 3 == 0;
            var expected = UInt64(random);
            var content = valid ? Latin1(Padded(random, expected.ToString(CultureInfo.InvariantCulture))) : Garbage(random);

            var ok = KernelNumbers.TryParseUInt64(content, out var value);

            // Only a parsed value is compared: on failure SysfsParser leaves the digits it got through in it.
            var referenceOk = ReferenceUInt64(content, out var reference);
            Assert.True(ok == referenceOk && (!ok || value == reference), Describe(i, content));
            Assert.True(!valid || (ok && value == expected), Describe(i, content));
        }
    }

    [Fact]
    public void Int32_on_random_input()
    {
        var random = new Random(3202);
        for (var i = 0; i < Count; i++)
        {
            var valid = i % 3 == 0;
            var expected = random.Next(0, int.MaxValue);
            var content = valid ? Latin1(Padded(random, expected.ToString(CultureInfo.InvariantCulture))) : Garbage(random);

            var ok = KernelNumbers.TryParseInt32(content, out var value);

            var referenceOk = ReferenceUInt64(content, out var reference) && reference <= int.MaxValue;
            Assert.True(ok == referenceOk && value == (referenceOk ? (int)reference : 0), Describe(i, content));
            Assert.True(!valid || (ok && value == expected), Describe(i, content));
        }
    }

    [Fact]
    public void OperState_on_random_input()
    {
        var random = new Random(2863);
        for (var i = 0; i < Count; i++)
        {
            var word = OperStates[random.Next(OperStates.Length)];
            var content = (i % 3) switch
            {
                0 => Latin1(Padded(random, word)),
                1 => Latin1(Mutated(random, word + "\n")),
                _ => Garbage(random),
            };

            var ok = SysfsParser.TryParseOperStateUp(content, out var up);

            var trimmed = Trimmed(content);
            Assert.True(ok == OperStates.Contains(trimmed) && up == (trimmed == "up"), Describe(i, content));
            Assert.True(i % 3 != 0 || (ok && up == (word == "up")), Describe(i, content));
        }
    }

    [Fact]
    public void Mac_address_on_random_input()
    {
        var random = new Random(4242);
        for (var i = 0; i < Count; i++)
        {
            var address = string.Join(':', Enumerable.Range(0, random.Next(1, 22)).Select(_ => random.Next(256).ToString(random.Next(2) == 0 ? "x2" : "X2", CultureInfo.InvariantCulture)));
            var content = (i % 3) switch
            {
                0 => Latin1(Padded(random, address)),
                1 => Latin1(Mutated(random, address + "\n")),
                _ => Garbage(random),
            };

            var ok = SysfsParser.TryParseMacAddress(content, out var parsed);

            var trimmed = Trimmed(content);
            var referenceOk = MacAddress().IsMatch(trimmed);
            Assert.True(ok == referenceOk && parsed == (referenceOk ? trimmed.ToLowerInvariant() : ""), Describe(i, content));
            Assert.True(i % 3 != 0 || (ok && string.Equals(parsed, address.ToLowerInvariant(), StringComparison.Ordinal)), Describe(i, content));
        }
    }

    /// <summary>Nothing, or 1 to 21 hex bytes (64 characters at most) separated by colons.</summary>
    [GeneratedRegex(@"\A([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){0,20})?\z")]
    private static partial Regex MacAddress();

    private static string Trimmed(byte[] content) => Text(content).TrimEnd(TrailingBlanks.ToCharArray()).TrimStart(LeadingBlanks.ToCharArray());

    private static bool ReferenceUInt64(byte[] content, out ulong value) => TryParseDigits(Trimmed(content), out value);
}
