using System.Diagnostics;
using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class ProcessStatTests
{
    /// <summary>Fixtures/README.md lists the fields of proc/self/stat.</summary>
    [Fact]
    public void Reads_the_fields_of_the_fixture_process()
    {
        var content = File.ReadAllBytes(FixtureTree.Path(Fixture, "proc", "self", "stat"));

        Assert.True(ProcessStat.TryParse(content, out var stat));

        Assert.Equal(new ProcessStat(UserTicks: 250, SystemTicks: 50, Threads: 25, StartTicks: 123400, VirtualBytes: 280766734336, ResidentPages: 26218), stat);
    }

    [Fact]
    public void Reads_the_test_process_as_the_runtime_sees_it()
    {
        using var process = Process.GetCurrentProcess();

        Assert.True(ProcessStat.TryParse(File.ReadAllBytes("/proc/self/stat"), out var stat));

        Assert.InRange((double)stat.VirtualBytes, process.VirtualMemorySize64 * 0.5, process.VirtualMemorySize64 * 2.0);
        Assert.InRange(stat.ResidentPages * (double)Environment.SystemPageSize, process.WorkingSet64 * 0.5, process.WorkingSet64 * 2.0);
        Assert.InRange(stat.Threads, 1UL, 10_000UL);
        Assert.InRange((stat.UserTicks + stat.SystemTicks) / (double)ProcessStat.ClockTicksPerSecond, 0.0, process.TotalProcessorTime.TotalSeconds + 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (x) S 1 4242 4242 0 -1 4194560 30112 0 0 0 250 50 0 0 20 0 25 0 123400 280766734336")] // cut before rss
    [InlineData("4242 (x) S 1 4242 4242 0 -1 4194560 30112 0 0 0 250 x 0 0 20 0 25 0 123400 280766734336 26218")] // stime not a number
    [InlineData("4242 (x) S 1 4242 4242 0 -1 4194560 30112 0 0 0 250 50 0 0 20 0 -25 0 123400 280766734336 26218")]
    public void A_line_missing_any_field_is_rejected_whole(string line)
    {
        Assert.False(ProcessStat.TryParse(Encoding.ASCII.GetBytes(line), out var stat));
        Assert.Equal(default, stat);
    }
}
