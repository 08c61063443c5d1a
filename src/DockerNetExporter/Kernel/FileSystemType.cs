using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DockerNetExporter.Kernel;

/// <summary>
/// A filesystem's type, statfs(2)'s f_type (SYSFS_MAGIC 0x62656572, PROC_SUPER_MAGIC 0x9fa0 in
/// include/uapi/linux/magic.h). A kernel file is believed only on the type of the root it was
/// reached from: a file mounted over a sysfs attribute (a tmpfs file, a FIFO from anywhere) is on another.
/// </summary>
internal readonly record struct FileSystemType(long Magic)
{
    /// <summary>More than struct statfs on 64-bit Linux (120 bytes); f_type, a long, comes first on x64 and arm64 alike.</summary>
    private const int StatfsBytes = 128;

    /// <summary>No filesystem's: the type of a root that cannot be told, on which no file is believed.</summary>
    public static FileSystemType None { get; } = new(0);

    /// <summary>The type of the filesystem <paramref name="path"/> is on; null if it cannot be told (no such path).</summary>
    public static FileSystemType? Of(string path)
    {
        var buffer = new byte[StatfsBytes];
        return Statfs(path, buffer) == 0 ? new FileSystemType(BinaryPrimitives.ReadInt64LittleEndian(buffer)) : null;
    }

    /// <summary>The type of the filesystem an open descriptor's file is on; null if it cannot be told.</summary>
    public static FileSystemType? Of(int fd)
    {
        Span<byte> buffer = stackalloc byte[StatfsBytes];
        return FileStatfs(fd, ref MemoryMarshal.GetReference(buffer)) == 0 ? new FileSystemType(BinaryPrimitives.ReadInt64LittleEndian(buffer)) : null;
    }

    [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static extern int Statfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static extern int FileStatfs(int fd, ref byte buffer);
}
