using System.Text.Json;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Sysfs;

namespace DockerNetExporter.Topology;

/// <summary>
/// <c>DockerNetExporter topology</c>: discovers the host once, as the exporter does (Docker's
/// containers and networks, then the kernel's namespaces, veths and bridges), reads every veth's
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
        using var api = new DockerApi(
            new DockerClientBuilder().WithEndpoint(settings.DockerHost).Build(),
            DockerResilience.ApiCalls(TimeProvider.System),
            new DockerHealth(),
            settings.DockerHost,
            loggers.CreateLogger<DockerApi>());
        DockerInventory inventory;
        try
        {
            inventory = await new DockerInventorySource(api, loggers.CreateLogger<DockerInventorySource>()).LoadAsync(DockerInventory.Empty, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"docker-net-exporter topology: cannot read Docker at {settings.DockerHost}: {e.GetBaseException().Message}");
            return 1;
        }

        var readErrors = new ReadErrors();
        var mapper = new TopologyMapper(
            new KernelPaths(settings.SysfsPath, settings.ProcfsPath),
            new NetClassReader(readErrors, loggers.CreateLogger<NetClassReader>()),
            readErrors,
            loggers.CreateLogger<TopologyMapper>());
        var report = await TopologyReport.TakeAsync(
            mapper.Map(inventory, DateTimeOffset.UtcNow), RateInterval, OpenFileBudget.Unlimited, TimeProvider.System, CancellationToken.None);
        await output.WriteAsync(json ? JsonSerializer.Serialize(report, TopologyJson.Default.TopologyReport) + "\n" : TopologyText.Render(report));
        return 0;
    }
}
