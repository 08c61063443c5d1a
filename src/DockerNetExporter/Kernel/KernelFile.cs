using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Kernel;

/// <summary>
/// Opens a kernel file so that opening cannot block and only the kernel's own file is read. A
/// namespace's sysfs, reached through /proc/PID/root, is its owner's to mount over: a FIFO bound
/// over an attribute blocks an ordinary open until a writer comes, which is never. So the file is
/// opened non-blocking (fifo(7): an O_NONBLOCK open for reading returns at once), and refused
/// unless it is a regular file on the filesystem type of the root it belongs to.
/// </summary>
internal static class KernelFile
{
    private const int ReadNonBlocking = 0x0 | 0x800 | 0x80000 | 0x100; // O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY

    /// <summary>The open file, or null: missing or unreadable, or refused (<paramref name="refused"/>) as not what it claims.</summary>
    /// <param name="fileSystem">The type the file must be on; null for any (a file of the exporter's own procfs, which no namespace can mount over).</param>
    public static SafeFileHandle? TryOpen(string path, FileSystemType? fileSystem, out bool refused)
    {
        refused = false;
        var fd = Open(path, ReadNonBlocking);
        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!Statx.IsRegularFile(fd) || (fileSystem is { } expected && FileSystemType.Of(fd) != expected))
        {
            handle.Dispose();
            refused = true;
            return null;
        }

        return handle;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
