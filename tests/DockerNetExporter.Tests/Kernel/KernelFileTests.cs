using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Kernel;

public sealed class KernelFileTests
{
    /// <summary>Long enough for any open that does not block; an open of a FIFO without a writer never returns.</summary>
    private static readonly TimeSpan NoBlock = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_FIFO_is_refused_at_once_not_waited_on()
    {
        using var tree = TempTree.Empty();
        var fifo = tree.Path("ifindex");
        TempTree.MakeFifo(fifo);

        var open = Task.Run(() => (Handle: KernelFile.TryOpen(fifo, tree.FileSystem, out var refused), Refused: refused));

        var (handle, refused) = await open.WaitAsync(NoBlock);
        Assert.Null(handle);
        Assert.True(refused);
    }

    [Fact]
    public void A_file_on_another_filesystem_than_its_root_is_refused()
    {
        // /dev/shm is tmpfs: a file there bound over a sysfs attribute is not sysfs's.
        var path = Path.Combine("/dev/shm", $"dockernet-tests-{Guid.NewGuid():N}");
        File.WriteAllText(path, "7\n");
        try
        {
            Assert.NotEqual(FileSystemType.Of("/dev/shm"), FileSystemType.Of("/sys"));

            Assert.Null(KernelFile.TryOpen(path, FileSystemType.Of("/sys")!.Value, out var refused));
            Assert.True(refused);
            using var onItsOwn = KernelFile.TryOpen(path, FileSystemType.Of("/dev/shm")!.Value, out refused);
            Assert.NotNull(onItsOwn);
            Assert.False(refused);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_sysfs_attribute_is_opened_and_read()
    {
        using var handle = KernelFile.TryOpen("/sys/class/net/lo/ifindex", FileSystemType.Of("/sys")!.Value, out var refused);

        Assert.False(refused);
        Assert.NotNull(handle);
        Span<byte> buffer = stackalloc byte[16];
        Assert.True(Pread.TryReadWhole(handle, buffer, out var length));
        Assert.Equal("1\n"u8.ToArray(), buffer[..length].ToArray());
    }

    [Fact]
    public void A_missing_file_or_a_directory_is_not_opened_and_only_the_directory_is_refused()
    {
        using var tree = TempTree.Empty();

        Assert.Null(KernelFile.TryOpen(tree.Path("missing"), tree.FileSystem, out var refused));
        Assert.False(refused);
        Assert.Null(KernelFile.TryOpen(tree.Root, tree.FileSystem, out refused));
        Assert.True(refused);
    }

    [Fact]
    public async Task A_procfs_reader_given_a_FIFO_returns_at_once_with_nothing()
    {
        using var tree = TempTree.Empty();
        var fifo = tree.Path("route");
        TempTree.MakeFifo(fifo);

        var read = Task.Run(() => (Read: ProcFile.TryReadAll(fifo, out var content), Content: content));

        var (ok, content) = await read.WaitAsync(NoBlock);
        Assert.False(ok);
        Assert.Empty(content);
    }
}
