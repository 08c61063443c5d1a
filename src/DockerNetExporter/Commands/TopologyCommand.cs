using System.Text.Json;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Report;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Commands;

/// <summary>
/// <c>DockerNetExporter topology</c>: discovers the host once, as the exporter does (Docker's
/// containers and networks unless --docker.enabled=false, then the kernel's namespaces, veths and
/// bridges, including namespaces Docker does not account for), reads every veth's
/// counters twice, --interval apart (1s by default), and prints the picture: aligned text, JSON with
/// <c>--output=json</c>, or Graphviz DOT with <c>--output=dot</c>. Needs what the exporter needs (the Docker socket, /proc of other processes),
/// and no running exporter. Composed from the exporter's own registrations.
/// </summary>
internal static class TopologyCommand
{
    /// <param name="interval">Between the two reads of the counters (--interval, <see cref="TopologyInterval"/>).</param>
    public static async Task<int> RunAsync(ExporterSettings settings, TopologyOutput form, TimeSpan interval, TextWriter output, TextWriter error)
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddKernel(new KernelPaths(settings.SysfsPath, settings.ProcfsPath))
            .AddTopology(filter: new ContainerFilter(settings.ContainerInclude, settings.ContainerExclude))

            // Warnings (a namespace that cannot be read, say) go to stderr; the picture alone to stdout.
            .AddLogging(logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Polly", StringComparison.Ordinal) != true)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        if (settings.DockerEnabled)
        {
            services.AddDocker(settings.DockerHost);
        }

        await using var provider = services.BuildServiceProvider();
        var inventory = settings.DockerEnabled ? await LoadDockerAsync(provider.GetRequiredService<DockerInventorySource>(), settings, error) : RuntimeInventory.Empty;
        var snapshot = provider.GetRequiredService<TopologyMapper>().Map(new MappingRequest(inventory, DateTimeOffset.UtcNow, ReuseNamespaceReads: false, KernelScanUse.Fresh));
        var report = await TopologyReport.TakeAsync(
            snapshot, interval, provider.GetRequiredService<KernelPaths>().SysfsType, provider.GetRequiredService<NamespaceNetDev>(),
            provider.GetRequiredService<NamespaceProtocolFiles>(), OpenFileBudget.Unlimited, TimeProvider.System, CancellationToken.None);
        await output.WriteAsync(form switch
        {
            TopologyOutput.Json => JsonSerializer.Serialize(report, TopologyJson.Default.TopologyReport) + "\n",
            TopologyOutput.Dot => TopologyDot.Render(report),
            _ => TopologyText.Render(report),
        });
        return 0;
    }

    /// <summary>Docker's containers and networks; none, said on stderr, if Docker does not answer: the kernel's picture is drawn regardless.</summary>
    private static async Task<RuntimeInventory> LoadDockerAsync(DockerInventorySource source, ExporterSettings settings, TextWriter error)
    {
        try
        {
            return await source.LoadAsync(RuntimeInventory.Empty, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"docker-net-exporter topology: cannot read Docker at {settings.DockerHost} ({e.GetBaseException().Message}); drawing the kernel's namespaces alone");
            return RuntimeInventory.Empty;
        }
    }
}
