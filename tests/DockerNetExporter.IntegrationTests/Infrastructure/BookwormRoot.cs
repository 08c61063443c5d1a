using System.Diagnostics;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A Debian bookworm tree that boots systemd (debootstrap --variant=minbase with systemd,
/// systemd-sysv and dbus), made once and kept under /var/cache/dockernet-tests for later runs: it
/// is only ever booted with a volatile overlay, so it stays as debootstrap left it. Made in a
/// directory of its own and renamed into place once complete, so a failed or interrupted download
/// leaves no half tree to be taken for a cache.
/// </summary>
internal static class BookwormRoot
{
    private const string Cache = "/var/cache/dockernet-tests";
    private const string Mirror = "http://deb.debian.org/debian";

    /// <summary>The first run downloads about 100 MB (a minute here); past this it is taken for a hang.</summary>
    private static readonly TimeSpan DownloadLimit = TimeSpan.FromMinutes(10);

    private static Task<string>? made;

    public static string Path { get; } = System.IO.Path.Combine(Cache, "bookworm-systemd");

    /// <summary>The tree's path, downloading it first if the cache has none.</summary>
    public static Task<string> OnceAsync() => made ??= MakeAsync();

    private static async Task<string> MakeAsync()
    {
        // Only a complete tree is ever renamed there.
        if (Directory.Exists(Path))
        {
            return Path;
        }

        Directory.CreateDirectory(Cache);
        var partial = $"{Path}.partial-{Guid.NewGuid():N}";
        var started = Stopwatch.StartNew();
        try
        {
            var (exitCode, stdout, stderr) = await RunDebootstrapAsync(partial);
            if (exitCode != 0)
            {
                var log = System.IO.Path.Combine(partial, "debootstrap", "debootstrap.log");
                var said = string.Join('\n', $"{stdout}\n{stderr}".Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
                var logged = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(5)) : "";
                throw new InvalidOperationException(
                    $"debootstrap of bookworm from {Mirror} failed (exit {exitCode}) after {started.Elapsed.TotalSeconds:F0}s:\n{said}\n{logged}\n" +
                    $"The first run needs the mirror; later runs take {Path}");
            }

            Directory.Move(partial, Path);
            return Path;
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                await UnmountUnderAsync(partial);
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    /// <summary>
    /// debootstrap mounts /proc and /sys in the tree while it installs, and a killed one leaves them
    /// mounted: unmounted (deepest first) before the tree is deleted, so the delete never reaches the host's.
    /// </summary>
    private static async Task UnmountUnderAsync(string root)
    {
        var mountPoints = File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(point => point.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mountPoints)
        {
            await Shell.RunAsync("umount", ["--lazy", point], TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunDebootstrapAsync(string target)
    {
        try
        {
            return await Shell.RunAsync(
                "debootstrap", ["--variant=minbase", "--include=systemd,systemd-sysv,dbus", "bookworm", target, Mirror], DownloadLimit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"debootstrap of bookworm from {Mirror} did not finish within {DownloadLimit.TotalMinutes:F0} minutes: the mirror is unreachable or stalled");
        }
    }
}
