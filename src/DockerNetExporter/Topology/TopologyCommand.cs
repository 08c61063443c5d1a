using System.Text.Json;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Sysfs;

namespace DockerNetExporter.Topology;

/// <summary>
/// <c>DockerNetExporter topology</c>: discovers the host once, as the exporter does (Docker's
/// containers and networks unless --docker.enabled=false, then the kernel's namespaces, veths and
/// bridges, including namespaces Docker does not account for), reads every veth's
/// counters twice a second apart, and prints the picture: aligned text, or JSON with
/// <c>--output=json</c>. Needs what the exporter needs (the Docker socket, /proc of other processes),
/// and no running exporter.
/// </summary>
internal static class TopologyCommand
{
    private static readonly TimeSpan RateInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ExporterSettings settings, bool json, TextWriter output, TextWriter error)
    {
        // Warnings (a namespace that cannot be read, say) go to stderr; the picture alone to stdout.
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Polly", StringComparison.Ordinal) != true)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var inventory = settings.DockerEnabled ? await LoadDockerAsync(settings, loggers, error) : DockerInventory.Empty;
        var readErrors = new ReadErrors();
        var paths = new KernelPaths(settings.SysfsPath, settings.ProcfsPath);
        var netClass = new NetClassReader(readErrors, loggers.CreateLogger<NetClassReader>());
        var mapper = new TopologyMapper(paths, netClass, readErrors, loggers.CreateLogger<TopologyMapper>());
        var kernel = new KernelNamespaceSource(paths, netClass, readErrors, loggers.CreateLogger<KernelNamespaceSource>());
        var report = await TopologyReport.TakeAsync(
            mapper.Map(inventory, DateTimeOffset.UtcNow, scanKernel: kernel.Scan), RateInterval, OpenFileBudget.Unlimited, TimeProvider.System, CancellationToken.None);
        await output.WriteAsync(json ? JsonSerializer.Serialize(report, TopologyJson.Default.TopologyReport) + "\n" : TopologyText.Render(report));
        return 0;
    }

    /// <summary>Docker's containers and networks; none, said on stderr, if Docker does not answer: the kernel's picture is drawn regardless.</summary>
    private static async Task<DockerInventory> LoadDockerAsync(ExporterSettings settings, ILoggerFactory loggers, TextWriter error)
    {
        using var api = new DockerApi(
            new DockerClientBuilder().WithEndpoint(settings.DockerHost).Build(),
            DockerResilience.ApiCalls(TimeProvider.System),
            new DockerHealth(),
            settings.DockerHost,
            loggers.CreateLogger<DockerApi>());
        try
        {
            return await new DockerInventorySource(api, loggers.CreateLogger<DockerInventorySource>()).LoadAsync(DockerInventory.Empty, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"docker-net-exporter topology: cannot read Docker at {settings.DockerHost} ({e.GetBaseException().Message}); drawing the kernel's namespaces alone");
            return DockerInventory.Empty;
        }
    }
}
