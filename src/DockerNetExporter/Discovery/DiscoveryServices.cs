using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Discovery;

/// <summary>Registers what keeps the topology current: Docker's events and resyncs, or the kernel's scans alone.</summary>
internal static class DiscoveryServices
{
    /// <summary>
    /// With Docker enabled, its API (AddDocker), the hosted <see cref="DockerDiscoveryService"/> and the
    /// <see cref="RuntimeHealth"/> it records each sync in;
    /// else the hosted <see cref="KernelDiscoveryService"/>. Both map from the kernel in one
    /// <see cref="KernelScanLoop"/>. Needs the topology (AddTopology), a <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, ExporterSettings settings)
    {
        services.AddSingleton<KernelScanLoop>();
        if (settings.DockerEnabled)
        {
            services.AddDocker(settings.DockerHost, [.. settings.ContainerLabels.Select(l => l.DockerName)]);
            services.AddSingleton<RuntimeHealth>();
            services.AddHostedService<DockerDiscoveryService>();
        }
        else
        {
            services.AddHostedService<KernelDiscoveryService>();
        }

        return services;
    }
}
