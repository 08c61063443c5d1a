using System.Reflection;
using DockerNetExporter.Kernel;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// The committed fixture trees, read in place from the source directory: MSBuild's content copy
/// does not keep dangling symlinks such as /proc/PID/ns/net -> net:[4026532001].
/// </summary>
internal static class FixtureTree
{
    public static string Root { get; } = Metadata("FixturesRoot");

    public static string GoldenRoot { get; } = Metadata("GoldenRoot");

    /// <summary>The repository's root, where README.md is.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>A path under Fixtures/, e.g. Path("docker-host", "sys", "class", "net").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>
    /// The filesystem the committed fixtures are on, which stands for sysfs: a fixture tree's files
    /// are believed on their own tree's type, as the host's are on sysfs.
    /// </summary>
    public static FileSystemType FileSystem { get; } = FileSystemType.Of(Root) ?? throw new InvalidOperationException($"cannot statfs {Root}");

    private static string Metadata(string key)
    {
        var value = typeof(FixtureTree).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value;
        if (value is null || !Directory.Exists(value))
        {
            throw new InvalidOperationException($"AssemblyMetadata {key} is \"{value}\", which is not a directory; see DockerNetExporter.Tests.csproj.");
        }

        return value;
    }
}

/// <summary>
/// A copy of a fixture tree in a fresh temporary directory, for tests that rewrite or delete files.
/// Symlinks are copied as symlinks with the same (relative) target, so the copy behaves like the
/// original; the directory is deleted on dispose.
/// </summary>
internal sealed class TempTree : IDisposable
{
    private TempTree(string root) => Root = root;

    public string Root { get; }

    public static TempTree Empty() => new(Directory.CreateTempSubdirectory("dockernet-tests-").FullName);

    /// <summary>Copies Fixtures/<paramref name="fixture"/> (e.g. "docker-host") into a new temporary directory.</summary>
    public static TempTree CopyOf(string fixture)
    {
        var tree = Empty();
        try
        {
            CopyDirectory(FixtureTree.Path(fixture), tree.Root);
            return tree;
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The filesystem the copy is on, which stands for sysfs (see <see cref="FixtureTree.FileSystem"/>).</summary>
    public FileSystemType FileSystem => FileSystemType.Of(Root) ?? throw new InvalidOperationException($"cannot statfs {Root}");

    /// <summary>
    /// Replaces the file at <paramref name="path"/> with a FIFO that no one writes to: what a
    /// namespace's owner can bind over its sysfs, and whose ordinary open blocks for ever.
    /// </summary>
    public static void MakeFifo(string path)
    {
        File.Delete(path);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Kernel paths with the tree as both sysfs and procfs root, for readers of a bare class/net.</summary>
    public KernelPaths AsRoots() => new(Root, Root);

    public void Dispose()
    {
        // Delete does not follow links: /proc/PID/root -> ../.. is removed as a link.
        Directory.Delete(Root, recursive: true);
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = System.IO.Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(target, linkTarget);
            }
            else if (entry is DirectoryInfo)
            {
                CopyDirectory(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
