using Docker.DotNet;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Docker;

/// <summary>Registers the Docker API client and what reads through it.</summary>
internal static class DockerServices
{
    /// <summary>
    /// The API at <paramref name="dockerHost"/> (its calls retried and broken by <see cref="DockerResilience"/>,
    /// each outcome recorded in <see cref="RuntimeHealth"/>) and the <see cref="DockerInventorySource"/> that lists through it.
    /// Needs a <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddDocker(this IServiceCollection services, Uri dockerHost)
    {
        services.AddSingleton<RuntimeHealth>();
        services.AddSingleton<IDockerApi>(sp => new DockerApi(
            new DockerClientBuilder().WithEndpoint(dockerHost).Build(),
            DockerResilience.ApiCalls(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<RuntimeHealth>(),
            dockerHost,
            sp.GetRequiredService<ILogger<DockerApi>>()));
        services.AddSingleton<DockerInventorySource>();
        return services;
    }
}
