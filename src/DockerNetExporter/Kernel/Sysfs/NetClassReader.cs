using System.Collections.Immutable;

using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>
/// Reads a class/net directory (the host's, or a container's through /proc/PID/root) into
/// <see cref="NetInterface"/> records. Runs at discovery, never at scrape. An interface whose files
/// are missing, unreadable or hold garbage is skipped, counted and logged at debug level: it may
/// have been deleted or renamed between the listing and the read. Files are opened through
/// <see cref="KernelFile"/>: one that is not the kernel's (something mounted over it) is refused,
/// counted, and said once per namespace. A directory the exporter may not list is said once, with
/// whether it lacks CAP_DAC_READ_SEARCH, which lets it through a container's root directory of mode 0700.
/// </summary>
internal sealed class NetClassReader(KernelPaths paths, ReadErrors readErrors, EffectiveCapabilities capabilities, ILogger<NetClassReader> logger)
{
    private const int AttributeBufferBytes = 256;

    /// <summary>How many namespaces get a warning of their own about refused files.</summary>
    private const int NamespacesWarnedAbout = 256;

    private readonly OncePerKey refusalWarnings = new(NamespacesWarnedAbout);

    // Said once: it points at the deployment's privileges, not at one namespace.
    private readonly Once denialWarning = new();

    /// <summary>All interfaces under the directory; empty if the directory cannot be listed.</summary>
    /// <param name="previous">
    /// What an earlier read found, by name. A port of a bridge found there again with the same
    /// ifindex is taken as it was, from one read instead of six: a veth keeps its peer, address and
    /// bridge for its life (Docker never moves one). Bridges, whose ports change, and interfaces on
    /// no bridge yet, are read whole.
    /// </param>
    /// <param name="owner">Whose namespace this is (a container's name, a namespace's inode), for the warning about refused files.</param>
    public ImmutableArray<NetInterface> ReadAll(string netClassDirectory, IReadOnlyDictionary<string, NetInterface>? previous = null, string? owner = null)
    {
        if (TryList(netClassDirectory) is not { } entries)
        {
            readErrors.Discovery();
            return [];
        }

        var interfaces = ImmutableArray.CreateBuilder<NetInterface>(entries.Length);
        foreach (var entry in entries)
        {
            if (previous is not null && previous.TryGetValue(Path.GetFileName(entry), out var known) && known is { Master: not null, IsBridge: false }
                && known.Directory == entry && HasIfIndex(entry, known.IfIndex))
            {
                interfaces.Add(known);
            }
            else if (System.IO.Directory.Exists(entry))
            {
                if (TryRead(entry, out var netInterface, out var refused))
                {
                    interfaces.Add(netInterface);
                }
                else if (refused is not null)
                {
                    Refuse(refused, owner ?? netClassDirectory);
                }
            }
            else if (IsLink(entry))
            {
                // Interfaces are links to their device; a link to nothing is one deleted since the listing.
                readErrors.Discovery();
                Log.SkippedInterface(logger, entry);
            }

            // Anything else is a plain file, such as the bonding driver's bonding_masters: not an interface.
        }

        return interfaces.ToImmutable();
    }

    /// <summary>The names of the interfaces under the directory, not read; empty if it cannot be listed (not counted as a read error).</summary>
    public HashSet<string> InterfaceNames(string netClassDirectory) =>
        TryList(netClassDirectory) is { } entries ? [.. entries.Select(Path.GetFileName).OfType<string>()] : [];

    /// <summary>The entries under the directory, full paths; null if it cannot be listed, logged, and a denial warned of once.</summary>
    private string[]? TryList(string netClassDirectory)
    {
        try
        {
            return System.IO.Directory.GetFileSystemEntries(netClassDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.UnreadableDirectory(logger, netClassDirectory, e.Message);
            if (e is UnauthorizedAccessException && denialWarning.TryTake())
            {
                Log.NetClassDenied(logger, netClassDirectory, capabilities.WhyRefused(Capability.DacReadSearch));
            }

            return null;
        }
    }

    /// <param name="refused">The file refused as not the kernel's, if that is why the interface was skipped.</param>
    private bool TryRead(string directory, out NetInterface netInterface, out string? refused)
    {
        netInterface = null!;
        refused = null;
        Span<byte> buffer = stackalloc byte[AttributeBufferBytes];
        if (!TryReadAttribute(directory, "ifindex", buffer, out var length, ref refused) || !KernelNumbers.TryParseInt32(buffer[..length], out var ifIndex)
            || !TryReadAttribute(directory, "iflink", buffer, out length, ref refused) || !KernelNumbers.TryParseInt32(buffer[..length], out var ifLink)
            || !TryReadAttribute(directory, "address", buffer, out length, ref refused) || !SysfsParser.TryParseMacAddress(buffer[..length], out var address))
        {
            readErrors.Discovery();
            Log.SkippedInterface(logger, directory);
            return false;
        }

        var isBridge = System.IO.Directory.Exists(Path.Combine(directory, "bridge"));

        // Physical NICs link to their bus device; virtual ones (veth, bridge, dummy) live under /sys/devices/virtual.
        var isPhysical = Path.Exists(Path.Combine(directory, "device"));
        netInterface = new NetInterface(
            Path.GetFileName(directory),
            directory,
            ifIndex,
            ifLink,
            address,
            ReadLinkName(Path.Combine(directory, "master")),
            isBridge ? ListNames(Path.Combine(directory, "brif")) : [],
            isBridge,
            isPhysical);
        return true;
    }

    /// <summary>Whether the interface still has its ifindex; only host bridge ports are checked so, and the host's sysfs is the exporter's own.</summary>
    private bool HasIfIndex(string directory, int ifIndex)
    {
        Span<byte> buffer = stackalloc byte[AttributeBufferBytes];
        string? refused = null;
        return TryReadAttribute(directory, "ifindex", buffer, out var length, ref refused) && KernelNumbers.TryParseInt32(buffer[..length], out var read) && read == ifIndex;
    }

    /// <param name="refused">Set to the file's path if it was refused as not the kernel's.</param>
    private bool TryReadAttribute(string directory, string name, Span<byte> buffer, out int length, ref string? refused)
    {
        length = 0;
        var path = Path.Combine(directory, name);
        using var handle = KernelFile.TryOpen(path, paths.SysfsType, out var wasRefused);
        if (wasRefused)
        {
            refused = path;
        }

        return handle is not null && Pread.TryReadWhole(handle, buffer, out length);
    }

    private void Refuse(string path, string owner)
    {
        readErrors.Refused();
        if (refusalWarnings.TryTake(owner))
        {
            Log.KernelFileRefused(logger, path, owner);
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? ReadLinkName(string linkPath)
    {
        try
        {
            return new FileInfo(linkPath).LinkTarget is { } target ? Path.GetFileName(target) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ImmutableArray<string> ListNames(string directory)
    {
        try
        {
            return [.. System.IO.Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
