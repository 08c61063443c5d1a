namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>Files of this repository that the tests check as shipped (rules, dashboard, units).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Exporter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (with Exporter.sln) is not above the test assembly");
    }
}
