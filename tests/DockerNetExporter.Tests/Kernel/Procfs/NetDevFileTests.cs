using System.Globalization;
using System.Text;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class NetDevFileTests
{
    [Theory]
    [InlineData("    lo:    7001      71    0    0    0     0          0         0     7001      71    0    0    0     0       0          0", "lo")]
    [InlineData("vethbbb: 3000001    3001    5    6    0     0          0         0 18446744073709551615    4001    7    8    0     0       0          0\n", "vethbbb")]
    [InlineData("br-0123456789ab: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0", "br-0123456789ab")]
    public void Takes_the_name_and_the_eight_counters_of_a_line(string line, string name)
    {
        Assert.True(NetDevFile.TryParseLine(Encoding.ASCII.GetBytes(line), out var parsedName, out var counters));

        Assert.Equal(name, Encoding.ASCII.GetString(parsedName));
        var fields = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();
        Assert.Equal(new InterfaceCounters(fields[0], fields[1], fields[2], fields[3], fields[8], fields[9], fields[10], fields[11]), counters);
    }

    [Theory]
    [InlineData("Inter-|   Receive                                                |  Transmit")]
    [InlineData(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed")]
    [InlineData("")]
    [InlineData("lo: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0")] // 15 numbers
    [InlineData("lo: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0 9")] // 17
    [InlineData("lo:1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0")] // no space after the colon
    [InlineData("lo: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0x")]
    [InlineData("lo: 1 2 3 4 0 0 0 0 5 -6 7 8 0 0 0 0")]
    [InlineData("lo: 1 2 3 4 0 0 0 0 5 18446744073709551616 7 8 0 0 0 0")]
    [InlineData(": 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0")] // no name
    [InlineData("a b: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0")] // a name with a blank
    public void Anything_else_is_rejected(string line)
    {
        Assert.False(NetDevFile.TryParseLine(Encoding.ASCII.GetBytes(line), out var name, out var counters));
        Assert.True(name.IsEmpty);
        Assert.Equal(default, counters);
    }

    [Fact]
    public void Reads_the_whole_file_again_at_each_read()
    {
        using var file = NetDevFile.Open("/proc/self/net/dev");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(file.TryRead(out var content));
            using (content)
            {
                var text = Encoding.ASCII.GetString(content.Text);
                Assert.StartsWith("Inter-|", text, StringComparison.Ordinal);
                Assert.Contains("    lo:", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Reads_a_file_larger_than_its_first_buffer()
    {
        var path = Path.GetTempFileName();
        try
        {
            var lines = Enumerable.Range(0, 2000).Select(i => $"veth{i:D7}: {i} 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0").ToArray();
            File.WriteAllLines(path, lines);
            using var file = NetDevFile.Open(path);

            Assert.True(file.TryRead(out var content));
            using (content)
            {
                Assert.Equal(File.ReadAllBytes(path), content.Text.ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Lines_on_random_input()
    {
        var random = new Random(8016);
        for (var i = 0; i < Count; i++)
        {
            var values = Enumerable.Range(0, 16).Select(_ => UInt64(random)).ToArray();
            var line = "  veth" + random.Next(1000) + ": " + string.Join(' ', values.Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(random.Next(1, 12))));
            var content = (i % 4) switch
            {
                0 => Latin1(line),
                1 => Latin1(line[..random.Next(0, line.Length + 1)]),
                2 => Latin1(Mutated(random, line)),
                _ => Garbage(random),
            };

            var ok = NetDevFile.TryParseLine(content, out var name, out var counters);

            var referenceOk = Reference(Text(content), out var referenceName, out var reference);
            Assert.True(ok == referenceOk && Text(name) == referenceName && counters == reference, Describe(i, content));
            Assert.True(i % 4 != 0 || (ok && counters.TransmitBytes == values[8]), Describe(i, content));
        }
    }

    /// <summary>Split at the first colon; a name of no blanks; then exactly 16 plain numbers, each after at least one space.</summary>
    private static bool Reference(string line, out string name, out InterfaceCounters counters)
    {
        name = "";
        counters = default;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var candidate = line[..colon].TrimStart(' ');
        var rest = line[(colon + 1)..].TrimEnd('\r', '\n', ' ');
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new ulong[words.Length];
        if (candidate.Length == 0 || candidate.Contains(' ', StringComparison.Ordinal) || candidate.Contains('\t', StringComparison.Ordinal)
            || !rest.StartsWith(' ') || words.Length != 16
            || !words.Select((w, i) => ulong.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            return false;
        }

        name = candidate;
        counters = new InterfaceCounters(values[0], values[1], values[2], values[3], values[8], values[9], values[10], values[11]);
        return true;
    }

    /// <summary>
    /// A pid given to another process between the mapping and the binding: /proc/PID/net/dev opens,
    /// but /proc/PID/ns/net names another namespace than the one mapped, so the file is closed and
    /// its budget given back. With the namespace mapped, it is kept and read by interface name.
    /// </summary>
    [Theory]
    [InlineData(4026532009UL, true)]
    [InlineData(4026532010UL, false)]
    public void A_namespace_s_file_is_kept_only_while_its_process_is_still_in_that_namespace(ulong mapped, bool kept)
    {
        using var tree = Infrastructure.TempTree.CopyOf("docker-host");
        var budget = new OpenFileBudget(4, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        using var file = NetDevFile.TryOpenOfNamespace(tree.Path("proc", "1009", "net", "dev"), tree.Path("proc", "1009", "ns", "net"), mapped, budget);

        Assert.Equal(kept, file is not null);
        Assert.Equal(kept ? 1 : 0, budget.Kept);
        if (file is not null)
        {
            Assert.True(file.TryReadInterface("eth1"u8, out var eth1));
            Assert.Equal((9100001UL, 9200001UL), (eth1.ReceiveBytes, eth1.TransmitBytes));
            Assert.False(file.TryReadInterface("eth"u8, out _)); // a name is matched whole
        }
    }

    [Fact]
    public void A_namespace_s_file_takes_one_of_the_budget_and_none_when_it_is_spent()
    {
        using var tree = Infrastructure.TempTree.CopyOf("docker-host");
        var budget = new OpenFileBudget(1, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var (dev, ns) = (tree.Path("proc", "1009", "net", "dev"), tree.Path("proc", "1009", "ns", "net"));

        using var first = NetDevFile.TryOpenOfNamespace(dev, ns, 4026532009, budget);
        using var second = NetDevFile.TryOpenOfNamespace(dev, ns, 4026532009, budget);

        Assert.NotNull(first);
        Assert.Null(second);
        first!.Dispose();
        Assert.Equal(0, budget.Kept);
    }

    /// <summary>
    /// A namespace whose owner added thousands of links: its file, past the bound on a namespace's,
    /// fails the read (counted by the caller as any failed read) rather than being read whole at every scrape.
    /// </summary>
    [Fact]
    public void A_namespace_s_file_longer_than_its_bound_fails_to_read()
    {
        using var tree = Infrastructure.TempTree.CopyOf("docker-host");
        var dev = tree.Path("proc", "1009", "net", "dev");
        var line = "  dummy0: 1 2 3 4 0 0 0 0 5 6 7 8 0 0 0 0\n";
        File.AppendAllText(dev, string.Concat(Enumerable.Repeat(line, (NetDevFile.NamespaceMaxBytes / line.Length) + 1)));
        var budget = new OpenFileBudget(1, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        using var file = NetDevFile.TryOpenOfNamespace(dev, tree.Path("proc", "1009", "ns", "net"), 4026532009, budget);

        Assert.NotNull(file);
        Assert.False(file!.TryReadInterface("eth0"u8, out _));
    }
}
