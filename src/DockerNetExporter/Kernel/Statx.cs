using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DockerNetExporter.Kernel;

/// <summary>statx(2), for what .NET's file APIs do not give: a directory's size in procfs, a file's inode, an open descriptor's file type.</summary>
internal static class Statx
{
    /// <summary>The size of struct statx with room to spare: what a caller's buffer must hold.</summary>
    public const int BufferBytes = 256;

    /// <summary>AT_FDCWD: a relative path is taken from the working directory.</summary>
    private const int CurrentDirectory = -100;

    /// <summary>AT_EMPTY_PATH: with an empty path, the file is the open descriptor itself.</summary>
    private const int EmptyPath = 0x1000;

    private const uint TypeMask = 0x1;    // STATX_TYPE
    private const uint InodeMask = 0x100; // STATX_INO
    private const uint SizeMask = 0x200;  // STATX_SIZE

    /// <summary>STATX_ATTR_MOUNT_ROOT (Linux 5.8): the file is the root of a mount, as a bind-mounted namespace is.</summary>
    private const ulong MountRoot = 0x2000;

    // Where the fields sit in struct statx (include/uapi/linux/stat.h), the same on every architecture.
    private const int AttributesOffset = 8;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int AttributesMaskOffset = 56;
    private const int SizeOffset = 40;

    private const ushort FileTypeBits = 0xf000; // S_IFMT
    private const ushort RegularFile = 0x8000;  // S_IFREG

    /// <summary>stx_size of the file (links followed).</summary>
    public static bool TryGetSize(string path, out ulong size) => TryGet(path, SizeMask, SizeOffset, out size);

    /// <summary>stx_ino of the file (links followed): for /proc/PID/ns/net, the namespace's inode.</summary>
    public static bool TryGetInode(string path, out ulong inode) => TryGet(path, InodeMask, InodeOffset, out inode);

    /// <summary>stx_ino of an open file: for a namespace's, the namespace's inode. <paramref name="buffer"/> (<see cref="BufferBytes"/>) is the caller's, to reuse.</summary>
    public static bool TryGetInode(int fd, byte[] buffer, out ulong inode) => TryGet(fd, "", EmptyPath, InodeMask, InodeOffset, buffer, out inode);

    /// <summary>Whether the open descriptor is a regular file (S_ISREG of stx_mode): not a FIFO, a socket or a device.</summary>
    public static bool IsRegularFile(int fd)
    {
        Span<byte> buffer = stackalloc byte[BufferBytes];
        return Native(fd, "", EmptyPath, TypeMask, ref MemoryMarshal.GetReference(buffer)) == 0 && (BinaryPrimitives.ReadUInt32LittleEndian(buffer) & TypeMask) != 0
            && (BinaryPrimitives.ReadUInt16LittleEndian(buffer[ModeOffset..]) & FileTypeBits) == RegularFile;
    }

    /// <summary>
    /// stx_ino of a file bind-mounted over (links followed): for a namespace kept by a file, the
    /// namespace's inode. False for a file nothing is mounted on, such as the mount point ip netns
    /// or a killed dockerd leaves behind; on kernels before 5.8, which cannot tell, any file passes.
    /// </summary>
    public static bool TryGetMountedInode(string path, out ulong inode)
    {
        var buffer = new byte[BufferBytes];
        var mounted = TryGet(path, InodeMask, InodeOffset, buffer, out inode)
            && ((BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(AttributesMaskOffset)) & MountRoot) == 0
                || (BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(AttributesOffset)) & MountRoot) != 0);
        return mounted;
    }

    private static bool TryGet(string path, uint mask, int offset, out ulong value) => TryGet(path, mask, offset, new byte[BufferBytes], out value);

    private static bool TryGet(string path, uint mask, int offset, byte[] buffer, out ulong value) =>
        TryGet(CurrentDirectory, path, 0, mask, offset, buffer, out value);

    private static bool TryGet(int directoryFd, string path, int flags, uint mask, int offset, byte[] buffer, out ulong value)
    {
        var ok = Native(directoryFd, path, flags, mask, ref buffer[0]) == 0 && (BinaryPrimitives.ReadUInt32LittleEndian(buffer) & mask) != 0;
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(offset)) : 0;
        return ok;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Native(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);
}
