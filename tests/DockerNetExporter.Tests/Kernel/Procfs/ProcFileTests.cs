using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class ProcFileTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(10_000)]
    [InlineData((1 << 20) - 1)]
    public void A_file_is_read_whole_past_the_first_buffer(int length)
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("stat");
        var written = Enumerable.Range(0, length).Select(i => (byte)('0' + (i % 10))).ToArray();
        File.WriteAllBytes(path, written);

        Assert.True(ProcFile.TryReadAll(path, out var content));
        Assert.Equal(written, content);
    }

    [Fact]
    public void A_file_of_a_mebibyte_or_more_is_garbage_and_not_read()
    {
        using var tree = TempTree.Empty();
        var path = tree.Path("stat");
        File.WriteAllBytes(path, new byte[1 << 20]);

        Assert.False(ProcFile.TryReadAll(path, out var content));
        Assert.Empty(content);
    }

    [Fact]
    public void A_procfs_file_reads_as_the_kernel_writes_it()
    {
        Assert.True(ProcFile.TryReadAll("/proc/self/stat", out var content));
        Assert.StartsWith($"{Environment.ProcessId} (", System.Text.Encoding.ASCII.GetString(content), StringComparison.Ordinal);
    }
}
