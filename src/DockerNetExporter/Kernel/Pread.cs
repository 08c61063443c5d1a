using Microsoft.Win32.SafeHandles;

namespace DockerNetExporter.Kernel;

/// <summary>
/// One pread(2) at offset 0 of a small kernel file: sysfs and procfs make the value afresh on each
/// read from offset 0, so a handle kept open reads the current value without seeking, and
/// concurrent readers of one handle do not disturb each other.
/// </summary>
internal static class Pread
{
    /// <summary>
    /// The whole value into <paramref name="buffer"/>; false if the read fails (the interface was
    /// deleted: ENODEV) or the value fills the buffer, which no attribute of the expected kind does.
    /// </summary>
    public static bool TryReadWhole(SafeFileHandle handle, Span<byte> buffer, out int length)
    {
        try
        {
            length = RandomAccess.Read(handle, buffer, fileOffset: 0);
            return length < buffer.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            length = 0;
            return false;
        }
    }
}
