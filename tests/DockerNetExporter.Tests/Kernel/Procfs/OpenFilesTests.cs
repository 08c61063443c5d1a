using System.Globalization;
using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class OpenFilesTests
{
    [Fact]
    public void Without_a_sized_fd_directory_the_fdinfo_entries_are_counted()
    {
        var self = FixtureTree.Path(Fixture, "proc", "self");

        Assert.True(OpenFiles.TryCount(Path.Combine(self, "fd"), Path.Combine(self, "fdinfo"), out var count));

        Assert.Equal(6, count);
    }

    /// <summary>
    /// The size of /proc/self/fd (Linux 6.2 and later) and the count of /proc/self/fdinfo agree with
    /// a plain listing of /proc/self/fd, within what other tests running alongside open and close.
    /// Those may open hundreds of sockets at once (the connection limit's tests), so the three are
    /// taken again, up to 20 times, until one taking agrees.
    /// </summary>
    [Fact]
    public void Both_ways_of_counting_agree_with_a_listing_of_the_test_process()
    {
        var takings = new List<(int Listed, long Sized, long Enumerated)>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var listed = Directory.GetFileSystemEntries("/proc/self/fd").Length;
            Assert.True(OpenFiles.TryCount("/proc/self/fd", "/proc/self/fdinfo", out var sized));
            Assert.True(OpenFiles.TryCount("/nonexistent", "/proc/self/fdinfo", out var enumerated));
            takings.Add((listed, sized, enumerated));
            if (Math.Abs(sized - listed) <= 50 && Math.Abs(enumerated - listed) <= 50)
            {
                return;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"no taking agreed within 50: {string.Join(", ", takings)}");
    }

    [Fact]
    public void A_missing_process_gives_false()
    {
        Assert.False(OpenFiles.TryCount("/nonexistent/fd", "/nonexistent/fdinfo", out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void Reads_the_soft_limit_of_the_fixture()
    {
        var limits = File.ReadAllBytes(FixtureTree.Path(Fixture, "proc", "self", "limits"));

        Assert.True(OpenFiles.TryParseSoftLimit(limits, out var soft));

        Assert.Equal(4096UL, soft);
    }

    [Theory]
    [InlineData("Max open files            unlimited            unlimited            files     \n")]
    [InlineData("Max open files            \n")]
    [InlineData("Max open files            -1                   1                    files     \n")]
    [InlineData("Max processes             96365                96365                processes \n")]
    [InlineData("")]
    public void A_limit_that_is_no_number_is_rejected(string limits)
    {
        Assert.False(OpenFiles.TryParseSoftLimit(Encoding.ASCII.GetBytes(limits), out var soft));
        Assert.Equal(0UL, soft);
    }

    [Fact]
    public void Soft_limit_on_random_input()
    {
        var random = new Random(1024);
        for (var i = 0; i < Count; i++)
        {
            var limit = UInt64(random);
            var line = Latin1($"Max open files            {limit,-20} 524288               files     \n");
            var content = (i % 4) switch
            {
                0 => line,
                1 => line[..random.Next(0, line.Length + 1)],
                2 => Latin1(Mutated(random, Text(line))),
                _ => Garbage(random),
            };

            var ok = OpenFiles.TryParseSoftLimit(content, out var parsed);

            var referenceOk = ReferenceSoftLimit(Text(content), out var reference);
            Assert.True(ok == referenceOk && parsed == reference, Describe(i, content));
            Assert.True(i % 4 != 0 || (ok && parsed == limit), Describe(i, content));
        }
    }

    /// <summary>The first "Max open files " line's first word after the name, as a plain number.</summary>
    private static bool ReferenceSoftLimit(string limits, out ulong soft)
    {
        soft = 0;
        var line = limits.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files ", StringComparison.Ordinal));
        if (line is null)
        {
            return false;
        }

        var word = line["Max open files ".Length..].TrimStart(' ').Split(' ')[0].TrimStart(' ', '\t').TrimEnd(' ', '\t', '\r', '\n');
        return ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out soft);
    }
}
