using DockerNetExporter.Namespaces;

namespace DockerNetExporter.Topology;

/// <summary>Registers the mapping and the snapshot it publishes.</summary>
internal static class TopologyServices
{
    /// <summary>
    /// The namespace reader, the kernel scan, the reader of where the host's veths lead, the mapper that joins their reads, the store of the
    /// current snapshot and the publisher that maps into it. Needs the kernel's readers (AddKernel) and logging.
    /// </summary>
    public static IServiceCollection AddTopology(this IServiceCollection services)
    {
        services.AddSingleton<NamespaceReader>();
        services.AddSingleton<KernelNamespaceSource>();
        services.AddSingleton<VethPeerReader>();
        services.AddSingleton<TopologyMapper>();
        services.AddSingleton<TopologyStore>();
        services.AddSingleton<TopologyPublisher>();
        return services;
    }
}
