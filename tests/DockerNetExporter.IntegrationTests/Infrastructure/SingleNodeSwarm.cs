namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A single-node Swarm on the test's engine, for overlay networks and stacks: joined on start if the
/// engine is in none, and left (docker swarm leave --force) on dispose only if this made it, so an
/// engine that was a Swarm manager before the tests stays one. Only 127.0.0.1 is advertised: no
/// traffic leaves the host.
/// </summary>
internal sealed class SingleNodeSwarm : IAsyncDisposable
{
    private readonly DockerCli docker;
    private readonly bool initialised;

    private SingleNodeSwarm(DockerCli docker, bool initialised)
    {
        this.docker = docker;
        this.initialised = initialised;
    }

    public static async Task<SingleNodeSwarm> JoinAsync(DockerCli docker)
    {
        var state = (await docker.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}}")).Trim();
        if (state == "active")
        {
            return new SingleNodeSwarm(docker, initialised: false);
        }

        await docker.RunAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
        return new SingleNodeSwarm(docker, initialised: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (initialised)
        {
            await docker.RunAsync("swarm", "leave", "--force");
        }
    }
}
