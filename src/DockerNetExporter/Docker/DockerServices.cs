using System.Collections.Immutable;
using Docker.DotNet;

namespace DockerNetExporter.Docker;

/// <summary>Registers the Docker API client and what reads through it.</summary>
internal static class DockerServices
{
    /// <summary>
    /// The API at <paramref name="dockerHost"/>, every answer bounded by <see cref="DockerLimits"/>
    /// (<see cref="DockerTransport"/>) and every call retried and broken by <see cref="DockerResilience"/>,
    /// and the <see cref="DockerInventorySource"/> that lists through it. Needs a <see cref="TimeProvider"/> and logging.
    /// </summary>
    /// <param name="keptLabels">The container labels kept from each inspect (--docker.container-labels); none if not given.</param>
    public static IServiceCollection AddDocker(this IServiceCollection services, Uri dockerHost, ImmutableArray<string> keptLabels = default)
    {
        services.AddSingleton<IDockerApi>(sp =>
        {
            var handler = DockerTransport.CreateHandler(dockerHost);
            return new DockerApi(
                new DockerClientBuilder().WithEndpoint(dockerHost).WithTransportOptions(DockerTransport.Instance, handler).Build(),
                new HttpClient(handler, disposeHandler: false) { BaseAddress = DockerTransport.BaseAddress(dockerHost), Timeout = Timeout.InfiniteTimeSpan },
                DockerResilience.ApiCalls(sp.GetRequiredService<TimeProvider>()),
                keptLabels);
        });
        services.AddSingleton<DockerInventorySource>();
        return services;
    }
}
