using System.Reflection;

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
