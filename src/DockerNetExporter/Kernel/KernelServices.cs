using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;

namespace DockerNetExporter.Kernel;

/// <summary>Registers the kernel's readers, all of them over one <see cref="KernelPaths"/>.</summary>
internal static class KernelServices
{
    /// <summary>
    /// The paths, the read-error counts, the sysfs and netlink readers, the time bound on reads
    /// through a namespace's own mounts, and the open-file budget under the exporter's own limit on
    /// open files (/proc/self/limits; none if it cannot be read). Needs a <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddKernel(this IServiceCollection services, KernelPaths paths)
    {
        services.AddSingleton(paths);
        services.AddSingleton<ReadErrors>();
        services.AddSingleton<NetClassReader>();
        services.AddSingleton<BoundedReads>();
        services.AddSingleton<INetlinkReader, NetlinkReader>();
        services.AddSingleton(sp => new OpenFileBudget(
            ProcFile.TryReadAll(paths.SelfLimits, out var limits) && OpenFiles.TryParseSoftLimit(limits, out var softLimit) ? OpenFileBudget.CapacityUnder(softLimit) : long.MaxValue,
            sp.GetRequiredService<ILogger<OpenFileBudget>>()));
        return services;
    }
}
