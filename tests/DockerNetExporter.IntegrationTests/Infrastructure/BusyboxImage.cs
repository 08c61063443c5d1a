namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A busybox image imported by a test with its root directory at a chosen mode (docker import keeps
/// the mode of the tar's "./" entry), removed at dispose. What a container's process sees as / is
/// that directory: 0700 lets no other user through it.
/// </summary>
internal sealed class BusyboxImage : IAsyncDisposable
{
    private BusyboxImage(string tag)
    {
        Tag = tag;
    }

    public string Tag { get; }

    /// <param name="rootMode">The root directory's mode, in octal as chmod takes it: 755, 700.</param>
    public static async Task<BusyboxImage> ImportAsync(string tag, string rootMode)
    {
        var root = Directory.CreateTempSubdirectory("dockernet-busybox-");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(root.FullName, "bin"));
            foreach (var directory in new[] { "etc", "proc", "sys", "dev", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, directory));
            }

            File.Copy("/bin/busybox", Path.Combine(bin.FullName, "busybox"));
            foreach (var applet in (await Shell.CheckedAsync("/bin/busybox", "--list")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (applet != "busybox")
                {
                    File.CreateSymbolicLink(Path.Combine(bin.FullName, applet), "busybox");
                }
            }

            await Shell.CheckedAsync("chmod", rootMode, root.FullName);
            var tar = root.FullName + ".tar";
            await Shell.CheckedAsync("tar", "-C", root.FullName, "-cf", tar, ".");
            try
            {
                await Shell.CheckedAsync(DockerCli.Executable, "import", "-c", "CMD [\"/bin/sh\"]", tar, tag);
            }
            finally
            {
                File.Delete(tar);
            }

            return new BusyboxImage(tag);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Removes the image; its containers must be gone first.</summary>
    public async ValueTask DisposeAsync() => await Shell.RunAsync(DockerCli.Executable, ["image", "rm", Tag]);
}
