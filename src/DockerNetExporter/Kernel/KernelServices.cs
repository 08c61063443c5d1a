using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;

namespace DockerNetExporter.Kernel;

/// <summary>Registers the kernel's readers, all of them over one <see cref="KernelPaths"/>.</summary>
internal static class KernelServices
{
    /// <summary>
    /// The paths, the read-error counts, the exporter's own capabilities, the sysfs and netlink readers, the time bound on reads
    /// through a namespace's own mounts, and the shares of the exporter's own limit on open files
    /// (/proc/self/limits; no limit if it cannot be read): the inbound connections' and the series'
    /// (the open-file budget). Needs a <see cref="TimeProvider"/> and logging.
    /// </summary>
    /// <param name="wantedConnections">Inbound connections to keep descriptors for, as --web.max-connections asks; none for a command that serves nothing.</param>
    public static IServiceCollection AddKernel(this IServiceCollection services, KernelPaths paths, int wantedConnections = 0)
    {
        services.AddSingleton(paths);
        services.AddSingleton<ReadErrors>();
        services.AddSingleton(_ => EffectiveCapabilities.Read(paths.SelfStatus));
        services.AddSingleton<NetClassReader>();
        services.AddSingleton<BoundedReads>();
        services.AddSingleton<INetlinkReader, NetlinkReader>();
        services.AddSingleton<NamespaceNetDev>();
        services.AddSingleton<NamespaceProtocolFiles>();
        services.AddSingleton(sp =>
        {
            if (!ProcFile.TryReadAll(paths.SelfLimits, out var limits) || !OpenFiles.TryParseSoftLimit(limits, out var softLimit))
            {
                return OpenFileShares.Unlimited(wantedConnections);
            }

            var shares = OpenFileShares.Under(softLimit, wantedConnections);
            if (shares.Connections < wantedConnections)
            {
                Log.ConnectionsLowered(sp.GetRequiredService<ILogger<OpenFileShares>>(), wantedConnections, shares.Connections, softLimit);
            }

            return shares;
        });
        services.AddSingleton(sp => new OpenFileBudget(sp.GetRequiredService<OpenFileShares>().SeriesFiles, sp.GetRequiredService<ILogger<OpenFileBudget>>()));
        return services;
    }
}
