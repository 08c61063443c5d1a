namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// Shared by the Docker tests: the Docker CLI for this run and one exporter started before any test
/// container, so every container the tests make reaches it through Docker events. Docker must be
/// running (tests/prepare-host.sh starts it); without it the tests fail, they are never skipped.
/// </summary>
public sealed class DockerEnvironment : IAsyncLifetime
{
    internal DockerCli Docker { get; } = new();

    internal RunningExporter Exporter { get; private set; } = null!;

    public static Uri DockerHost { get; } = new(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock");

    public async Task InitializeAsync()
    {
        await Docker.RunAsync("image", "inspect", "--format", "{{.Id}}", DockerCli.Image);
        Exporter = await RunningExporter.StartAsync(DockerHost);
    }

    private readonly List<IAsyncDisposable> alsoDispose = [];

    /// <summary>Something a test class started once for all its tests, to stop when the collection ends.</summary>
    internal T DisposeAtEnd<T>(T disposable)
        where T : IAsyncDisposable
    {
        alsoDispose.Add(disposable);
        return disposable;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var disposable in alsoDispose)
            {
                await disposable.DisposeAsync();
            }

            await Docker.CleanUpAsync();
        }
        finally
        {
            await Exporter.DisposeAsync();
        }
    }

    /// <summary>Scrapes until a sample matching the predicate exists (events make it prompt; the limit is generous for a slow CI).</summary>
    internal Task<Sample> WaitForSampleAsync(string metric, Func<Sample, bool> predicate, string what) =>
        WaitForSampleAsync(Exporter, metric, predicate, what);

    /// <summary>The same, from another exporter than the shared one.</summary>
    internal static async Task<Sample> WaitForSampleAsync(RunningExporter exporter, string metric, Func<Sample, bool> predicate, string what) =>
        await WithExporterLog(exporter, Eventually.WaitForAsync(
            async () => (await exporter.ScrapeAsync()).FirstOrDefault(s => s.Name == metric && predicate(s)),
            TimeSpan.FromSeconds(15),
            what));

    internal async Task WaitForNoSampleAsync(Func<Sample, bool> predicate, string what) =>
        await WithExporterLog(Exporter, Eventually.WaitForAsync(
            async () => (await Exporter.ScrapeAsync()).Any(predicate) ? null : "gone",
            TimeSpan.FromSeconds(15),
            what));

    private static async Task<T> WithExporterLog<T>(RunningExporter exporter, Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe exporter's recent log:\n{exporter.Log.Dump()}", e);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEnvironment>
{
    public const string Name = "docker";
}
