using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

/// <summary>
/// Interfaces deleted or renamed between the listing of class/net and the read of their files, as
/// container churn does on a live host. The changes are made from inside the read: the first entry
/// listed is made garbage, and the <see cref="HookLogger{T}"/> acts when the reader logs skipping it,
/// after the listing and before any later entry is read. Whatever happens, nothing is thrown and
/// the interfaces left alone are read as they are.
/// </summary>
public sealed class NetClassReaderRaceTests : IDisposable
{
    private readonly ReadErrors readErrors = new();

    private readonly TempTree tree = TempTree.CopyOf("docker-host");

    private string NetClass => tree.Path("sys", "class", "net");

    public void Dispose() => tree.Dispose();

    /// <summary>
    /// When an interface is deleted, its /sys/class/net entry (a link to its device directory) may
    /// outlive the directory for a moment. A dangling entry is an interface gone: skipped and counted,
    /// unlike a plain file such as bonding_masters.
    /// </summary>
    [Fact]
    public void A_dangling_link_left_by_a_deleted_interface_is_skipped()
    {
        File.CreateSymbolicLink(Path.Combine(NetClass, "vethgone"), "../../devices/virtual/net/vethgone");

        var interfaces = NetClassReaderTests.Of(tree.AsRoots(), readErrors, NullLogger<NetClassReader>.Instance).ReadAll(NetClass);

        Assert.DoesNotContain(interfaces, i => i.Name == "vethgone");
        Assert.Equal(Untouched(), Described(interfaces));
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    [Fact]
    public void Interfaces_deleted_or_renamed_after_the_listing_are_skipped_not_thrown()
    {
        var (trigger, later) = TriggerAndLaterEntries();
        var deleted = later[0];
        var renamed = later[1];
        var reader = ReaderHookedOn(trigger, () =>
        {
            Directory.Delete(deleted, recursive: true);
            Directory.Move(renamed, Path.Combine(NetClass, "eth9"));
        });

        var interfaces = reader.ReadAll(NetClass);

        // Gone before the reader came to them. The fixture's entries are directories, so nothing is
        // left behind to count; in sysfs they are links, left dangling and counted (the test above).
        var skipped = new[] { trigger, deleted, renamed }.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Untouched().Where(i => !skipped.Contains(i.Name)), Described(interfaces));
        Assert.DoesNotContain(interfaces, i => i.Name == "eth9");
        Assert.Equal(1, readErrors.DiscoveryCount); // the trigger's garbage ifindex
    }

    [Fact]
    public void An_interface_whose_files_vanish_after_the_listing_is_skipped_and_counted()
    {
        var (trigger, later) = TriggerAndLaterEntries();
        var emptied = later[0];
        var reader = ReaderHookedOn(trigger, () =>
        {
            foreach (var file in Directory.GetFiles(emptied))
            {
                File.Delete(file);
            }
        });

        var interfaces = reader.ReadAll(NetClass);

        var skipped = new[] { trigger, emptied }.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Untouched().Where(i => !skipped.Contains(i.Name)), Described(interfaces));
        Assert.Equal(2, readErrors.DiscoveryCount);
    }

    /// <summary>What the reader makes of the untouched fixture, without the directories.</summary>
    private static IEnumerable<(string Name, int IfIndex, int IfLink, string Address, string? Master, bool IsBridge)> Untouched() =>
        Described(NetClassReaderTests.Of(new KernelPaths(FixtureTree.Root, FixtureTree.Root), new ReadErrors(), NullLogger<NetClassReader>.Instance).ReadAll(FixtureTree.Path("docker-host", "sys", "class", "net")));

    private static IEnumerable<(string Name, int IfIndex, int IfLink, string Address, string? Master, bool IsBridge)> Described(IEnumerable<NetInterface> interfaces) =>
        [.. interfaces.Select(i => (i.Name, i.IfIndex, i.IfLink, i.Address, i.Master, i.IsBridge)).OrderBy(i => i.Name, StringComparer.Ordinal)];

    /// <summary>
    /// The entries in the order the reader will list them (the same call on an unchanged directory),
    /// the first made garbage so that skipping it is the hook's moment: the rest are read after it.
    /// </summary>
    private (string Trigger, string[] Later) TriggerAndLaterEntries()
    {
        var entries = Directory.GetFileSystemEntries(NetClass);
        File.WriteAllText(Path.Combine(entries[0], "ifindex"), "abc\n"); // rewriting a file leaves the listing's order alone
        return (entries[0], entries[1..]);
    }

    private NetClassReader ReaderHookedOn(string trigger, Action change)
    {
        var changed = false;
        return NetClassReaderTests.Of(tree.AsRoots(), readErrors, new HookLogger<NetClassReader>(message =>
        {
            if (!changed && message.Contains(trigger + ":", StringComparison.Ordinal))
            {
                changed = true;
                change();
            }
        }));
    }
}
