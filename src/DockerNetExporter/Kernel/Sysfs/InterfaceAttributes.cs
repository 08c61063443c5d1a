namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>
/// The kept-open mtu and operstate files of one interface directory, which the scrape re-reads. For
/// a container interface they are the container's own (/proc/PID/root/sys/class/net/IFACE), opened
/// within the time bound on reads through a namespace's mounts (see <see cref="BoundedReads"/>).
/// </summary>
internal sealed class InterfaceAttributes : IDisposable
{
    private InterfaceAttributes(SysfsAttributeHandle? mtu, SysfsAttributeHandle? operState, string? refused)
    {
        Mtu = mtu;
        OperState = operState;
        Refused = refused;
    }

    /// <summary>None opened: the namespace's reads hang, or are quarantined.</summary>
    public static InterfaceAttributes None { get; } = new(null, null, null);

    /// <summary>A file refused as not the kernel's (something mounted over it), or null.</summary>
    public string? Refused { get; }

    public SysfsAttributeHandle? Mtu { get; }

    public SysfsAttributeHandle? OperState { get; }

    /// <summary>Opens mtu, and operstate if <paramref name="withOperState"/>; a file that cannot be opened is null.</summary>
    /// <param name="fileSystem">The type of the sysfs the files belong to (<see cref="KernelPaths.SysfsType"/>).</param>
    public static InterfaceAttributes Open(string interfaceDirectory, bool withOperState, FileSystemType fileSystem, OpenFileBudget budget)
    {
        var mtuPath = Path.Combine(interfaceDirectory, "mtu");
        var operStatePath = Path.Combine(interfaceDirectory, "operstate");
        var mtu = SysfsAttributeHandle.TryOpen(mtuPath, fileSystem, budget, out var mtuRefused);
        var operStateRefused = false;
        var operState = withOperState ? SysfsAttributeHandle.TryOpen(operStatePath, fileSystem, budget, out operStateRefused) : null;
        return new(mtu, operState, mtuRefused ? mtuPath : operStateRefused ? operStatePath : null);
    }

    /// <summary>
    /// Opens them within <paramref name="bounded"/>'s time bound, keyed by the namespace's class/net
    /// directory as its discovery read is; <see cref="None"/> if that read hangs or is quarantined.
    /// </summary>
    public static InterfaceAttributes OpenBounded(string interfaceDirectory, FileSystemType fileSystem, OpenFileBudget budget, BoundedReads bounded) =>
        bounded.TryRun(
            Path.GetDirectoryName(interfaceDirectory) ?? interfaceDirectory,
            () => Open(interfaceDirectory, withOperState: true, fileSystem, budget),
            out var opened,
            abandoned: late => late.Dispose())
            ? opened
            : None;

    public void Dispose()
    {
        Mtu?.Dispose();
        OperState?.Dispose();
    }
}
