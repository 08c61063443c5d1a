using DockerNetExporter.Namespaces;

namespace DockerNetExporter.Topology;

/// <summary>Registers the mapping and the snapshot it publishes.</summary>
internal static class TopologyServices
{
    /// <summary>
    /// The namespace reader, the kernel scan, the reader of where the host's veths lead, the mapper
    /// that joins their reads, the store of the current snapshot, the publisher that maps into it,
    /// and the progress it makes. Needs the kernel's readers (AddKernel), a <see cref="TimeProvider"/> and logging.
    /// </summary>
    /// <param name="stallAfter">How long one mapping may run before discovery counts as stalled; a minute if not given.</param>
    /// <param name="filter">The containers each snapshot keeps (--container.include, --container.exclude); every one if not given.</param>
    public static IServiceCollection AddTopology(this IServiceCollection services, TimeSpan? stallAfter = null, ContainerFilter? filter = null)
    {
        services.AddSingleton(filter ?? ContainerFilter.None);
        services.AddSingleton(sp => new MappingProgress(
            stallAfter ?? TimeSpan.FromMinutes(1), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MappingProgress>>()));
        services.AddSingleton<NamespaceReader>();
        services.AddSingleton<KernelNamespaceSource>();
        services.AddSingleton<VethPeerReader>();
        services.AddSingleton<OverlaySandboxReader>();
        services.AddSingleton<TopologyMapper>();
        services.AddSingleton<TopologyStore>();
        services.AddSingleton<TopologyPublisher>();
        return services;
    }
}
