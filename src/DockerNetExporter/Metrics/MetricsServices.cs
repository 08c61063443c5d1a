using System.Collections.Immutable;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>Registers the scrape's side: the registry and its families, the series binding, the counter source, the sweep's threads, the process metrics.</summary>
internal static class MetricsServices
{
    /// <summary>
    /// Everything /metrics serves, in a registry of its own. The counter source is chosen here, once:
    /// with proc-net-dev the host's /proc/net/dev is opened now, and one that cannot be read is a bad
    /// flag. Needs the kernel's readers (AddKernel), the topology (AddTopology) and logging; serves
    /// dockernet_docker_up and dockernet_docker_errors_total when a <see cref="RuntimeHealth"/> is registered (AddDiscovery, with Docker).
    /// Nothing is bound or collected until <see cref="StartMetrics"/>.
    /// </summary>
    /// <param name="version">The exporter's version and <paramref name="revision"/>, its git commit: dockernet_build_info's labels.</param>
    /// <param name="protocols">Whether each namespace's TCP, UDP and IP counters are served (--collector.protocols).</param>
    /// <param name="containerLabels">The Docker labels served on dockernet_container_info (--docker.container-labels); none if not given.</param>
    public static IServiceCollection AddMetrics(
        this IServiceCollection services, CounterSource counterSource, string version, string revision, bool protocols = false, ImmutableArray<ContainerLabel> containerLabels = default)
    {
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton(sp => new ExporterMetrics(sp.GetRequiredService<CollectorRegistry>(), version, revision, containerLabels));
        if (protocols)
        {
            services.AddSingleton(sp => new ProtocolMetrics(sp.GetRequiredService<CollectorRegistry>()));
        }

        services.AddSingleton<ICounterSource>(sp => counterSource == CounterSource.ProcNetDev
            ? new NetDevSweep(OpenHostNetDev(sp.GetRequiredService<KernelPaths>()))
            : new SysfsCounterSource());
        services.AddSingleton<SeriesBinder>();
        services.AddSingleton(sp => new SweepPool(
            SweepPool.DefaultDegree, SweepPool.DefaultChunk, sp.GetRequiredService<ReadErrors>(), sp.GetRequiredService<ILogger<ScrapeCollector>>()));
        services.AddSingleton(sp => new ScrapeCollector(
            sp.GetRequiredService<SeriesBinder>(),
            sp.GetRequiredService<ICounterSource>(),
            sp.GetRequiredService<SweepPool>(),
            sp.GetRequiredService<ExporterMetrics>(),
            sp.GetService<RuntimeHealth>(),
            sp.GetRequiredService<ReadErrors>(),
            sp.GetRequiredService<MappingProgress>(),
            sp.GetRequiredService<ILogger<ScrapeCollector>>()));
        return services;
    }

    /// <summary>The exporter's own process and runtime (process_*, dotnet_*), in the registry of AddMetrics.</summary>
    public static IServiceCollection AddProcessMetrics(this IServiceCollection services) => services.AddSingleton<ProcessMetrics>();

    /// <summary>
    /// Binds the series to the current snapshot and each one published after it, and has the registry
    /// run the scrape's collection, then the process's if AddProcessMetrics registered it, before each scrape. Call once, before serving.
    /// </summary>
    public static void StartMetrics(this IServiceProvider services)
    {
        services.GetRequiredService<SeriesBinder>().Follow(services.GetRequiredService<TopologyStore>());
        var registry = services.GetRequiredService<CollectorRegistry>();
        registry.AddBeforeCollectCallback(services.GetRequiredService<ScrapeCollector>().Collect);
        if (services.GetService<ProcessMetrics>() is { } process)
        {
            registry.AddBeforeCollectCallback(process.Collect);
        }
    }

    /// <summary>Checked at start: a counter source that cannot be read is a bad flag, not a scrape error every time.</summary>
    private static NetDevFile OpenHostNetDev(KernelPaths paths)
    {
        try
        {
            return NetDevFile.Open(paths.HostNetDev);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var flag = ExporterFlag.CounterSource.Name;
            throw new InvalidFlagException(flag, $"{flag} proc-net-dev: cannot read {paths.HostNetDev}: {e.Message}");
        }
    }
}
