using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>
/// One sysfs attribute kept open and re-read at offset 0 on every scrape, so a sweep opens nothing,
/// allocates nothing and makes no string. sysfs regenerates the value on each read from offset 0;
/// once the interface is deleted the read fails with ENODEV and the handle is useless, so a failed
/// read is reported and discovery replaces the handle with the new topology.
/// </summary>
internal sealed class SysfsAttributeHandle : IDisposable
{
    /// <summary>Longer than any number or operstate word; a file that fills it is garbage.</summary>
    private const int BufferBytes = 64;

    private readonly SafeFileHandle handle;
    private readonly OpenFileBudget? budget;
    private int disposed;

    private SysfsAttributeHandle(string path, SafeFileHandle handle, OpenFileBudget? budget)
    {
        Path = path;
        this.handle = handle;
        this.budget = budget;
    }

    public string Path { get; }

    /// <summary>
    /// Opens the file, or null if it cannot be opened, is not the kernel's (see <see cref="KernelFile"/>),
    /// or <paramref name="budget"/> has no file left.
    /// </summary>
    /// <param name="fileSystem">The type of the sysfs the file belongs to (<see cref="KernelPaths.SysfsType"/>).</param>
    public static SysfsAttributeHandle? TryOpen(string path, FileSystemType fileSystem, OpenFileBudget? budget = null) =>
        TryOpen(path, fileSystem, budget, out _);

    /// <param name="refused">Whether the file was refused as not the kernel's (see <see cref="KernelFile"/>).</param>
    public static SysfsAttributeHandle? TryOpen(string path, FileSystemType fileSystem, OpenFileBudget? budget, out bool refused)
    {
        refused = false;
        if (budget is not null && !budget.TryTake())
        {
            return null;
        }

        if (KernelFile.TryOpen(path, fileSystem, out refused) is { } handle)
        {
            return new SysfsAttributeHandle(path, handle, budget);
        }

        budget?.Release();
        return null;
    }

    public bool TryReadUInt64(out ulong value)
    {
        Span<byte> buffer = stackalloc byte[BufferBytes];
        value = 0;
        return Pread.TryReadWhole(handle, buffer, out var length) && KernelNumbers.TryParseUInt64(buffer[..length], out value);
    }

    public bool TryReadOperStateUp(out bool up)
    {
        Span<byte> buffer = stackalloc byte[BufferBytes];
        up = false;
        return Pread.TryReadWhole(handle, buffer, out var length) && SysfsParser.TryParseOperStateUp(buffer[..length], out up);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            handle.Dispose();
            budget?.Release();
        }
    }
}
