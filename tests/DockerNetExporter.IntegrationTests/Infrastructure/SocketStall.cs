using System.Security.Cryptography;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// SocketStall.c, built static with gcc once per source (cached in the temp directory by its
/// hash) and bind-mounted read-only into busybox containers: a TCP listener that never accepts, a
/// UDP socket with the smallest receive buffer that never reads, and bounded bursts at them.
/// </summary>
internal static class SocketStall
{
    /// <summary>Where containers find it.</summary>
    public const string Path = "/socket-stall";

    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    /// <summary>The docker run options that mount it read-only at <see cref="Path"/>.</summary>
    public static async Task<string[]> MountAsync() => ["-v", $"{await Binary.Value}:{Path}:ro"];

    /// <summary>Waits until a container running one of its servers says it is bound.</summary>
    public static Task WaitReadyAsync(DockerCli docker, string container) =>
        Eventually.WaitForAsync(
            async () => (await docker.RunAsync("logs", container)).Contains("ready", StringComparison.Ordinal) ? "ready" : null,
            TimeSpan.FromSeconds(15),
            $"socket-stall bound in {container}");

    private static async Task<string> BuildAsync()
    {
        var source = RepositoryFiles.Path("tests", "DockerNetExporter.IntegrationTests", "Infrastructure", "SocketStall.c");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(source)))[..16];
        var directory = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dockernet-socket-stall-{hash}"));
        var binary = System.IO.Path.Combine(directory.FullName, "socket-stall");
        if (!File.Exists(binary))
        {
            // Built beside it and renamed, so that a concurrent run never mounts half a file.
            var building = $"{binary}.{Environment.ProcessId}";
            await Shell.CheckedAsync("gcc", "-static", "-O2", "-Wall", "-Wextra", "-Werror", "-o", building, source);
            File.Move(building, binary, overwrite: true);
        }

        return binary;
    }
}
