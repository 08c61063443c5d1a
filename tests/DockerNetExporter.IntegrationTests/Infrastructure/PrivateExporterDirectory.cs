namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The exporter's build output seen from a directory of the test's own, so that an appsettings.json
/// put beside it is this test's alone and no other test's. The files are linked, but the exporter's
/// assembly is copied: the host follows a link to the assembly and reads appsettings.json from
/// where it points.
/// </summary>
internal sealed class PrivateExporterDirectory : IDisposable
{
    private const string AssemblyName = "DockerNetExporter.dll";

    private readonly DirectoryInfo directory;

    private PrivateExporterDirectory(DirectoryInfo directory) => this.directory = directory;

    public string AppSettingsPath => Path.Combine(directory.FullName, "appsettings.json");

    public static PrivateExporterDirectory Create()
    {
        var directory = Directory.CreateTempSubdirectory("dockernet-exporter-copy-");
        foreach (var entry in new DirectoryInfo(AppContext.BaseDirectory).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(directory.FullName, entry.Name);
            if (entry.Name == AssemblyName)
            {
                File.Copy(entry.FullName, target);
            }
            else
            {
                File.CreateSymbolicLink(target, entry.FullName);
            }
        }

        return new PrivateExporterDirectory(directory);
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments) =>
        Shell.RunAsync(ExporterProcess.Dotnet, [Path.Combine(directory.FullName, AssemblyName), .. arguments], TimeSpan.FromSeconds(60));

    /// <summary>Removes the copy and the links, never what they point at.</summary>
    public void Dispose() => directory.Delete(recursive: true);
}
