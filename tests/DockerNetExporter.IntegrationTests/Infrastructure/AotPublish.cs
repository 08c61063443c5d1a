namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The exporter published with native AOT by the README's own command (Install as a service), into
/// a directory of the test run's instead of /opt/docker-net-exporter; once per run, removed at its
/// end. Its intermediate files go to an artifacts path of their own: restored for linux-x64 in the
/// project's own obj/, the publish and the solution's build would rewrite each other's
/// project.assets.json, and the native compile (two minutes and more on 2 cores) would run again
/// after every build. Apart, a publish of unchanged sources takes seconds.
/// </summary>
internal sealed class AotPublish : IAsyncDisposable
{
    private const string InstalledDirectory = "/opt/docker-net-exporter";

    // Published by the first test that needs it; the others share it, or its failure.
    private static Task<AotPublish>? published;

    private readonly DirectoryInfo directory = System.IO.Directory.CreateTempSubdirectory("dockernet-aot-");

    /// <summary>Holds the DockerNetExporter executable, as /opt/docker-net-exporter would.</summary>
    public string Path => directory.FullName;

    public static Task<AotPublish> OnceAsync(DockerEnvironment environment) => published ??= PublishAsync(environment);

    private static async Task<AotPublish> PublishAsync(DockerEnvironment environment)
    {
        var publish = environment.DisposeAtEnd(new AotPublish());

        // A temporary directory is 0700; /opt/docker-net-exporter, made by the publish, is 0755 for the service's user.
        await Shell.CheckedAsync("chmod", "755", publish.Path);
        var line = ReadmeCommands.AsRoot(ReadmeCommands.Blocks("## Install as a service (systemd)")[0].Single(l => l.Contains("dotnet publish", StringComparison.Ordinal)));
        Assert.EndsWith($" -o {InstalledDirectory}", line, StringComparison.Ordinal);
        string[] words =
        [
            .. line[..^InstalledDirectory.Length].Split(' ', StringSplitOptions.RemoveEmptyEntries), publish.Path,
            "--artifacts-path", RepositoryFiles.Path("tests", "DockerNetExporter.IntegrationTests", "obj", "aot"),
        ];
        var (exitCode, stdout, stderr) = await Shell.RunAsync(
            words[0], [.. words[1..].Select(w => w == "src/DockerNetExporter" ? RepositoryFiles.Path("src", "DockerNetExporter") : w)], TimeSpan.FromMinutes(15));
        Assert.True(exitCode == 0, $"{line}: exit {exitCode}\n{stdout}\n{stderr}");
        return publish;
    }

    public ValueTask DisposeAsync()
    {
        directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
