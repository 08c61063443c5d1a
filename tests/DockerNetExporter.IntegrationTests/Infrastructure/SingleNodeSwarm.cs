namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A single-node Swarm on the test's engine, for overlay networks and stacks: joined on start if the
/// engine is in none, and left (docker swarm leave --force) on dispose only if this made it, so an
/// engine that was a Swarm manager before the tests stays one; then the docker_gwbridge network that
/// joining made goes too, which leaving keeps. Only 127.0.0.1 is advertised: no traffic leaves the host.
/// </summary>
internal sealed class SingleNodeSwarm : IAsyncDisposable
{
    private readonly DockerCli docker;
    private readonly bool initialised;
    private readonly bool removesGatewayBridge;

    private SingleNodeSwarm(DockerCli docker, bool initialised, bool removesGatewayBridge = false)
    {
        this.docker = docker;
        this.initialised = initialised;
        this.removesGatewayBridge = removesGatewayBridge;
    }

    public static async Task<SingleNodeSwarm> JoinAsync(DockerCli docker)
    {
        var state = (await docker.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}}")).Trim();
        if (state == "active")
        {
            return new SingleNodeSwarm(docker, initialised: false);
        }

        var gatewayBridgeBefore = await docker.RunAsync("network", "ls", "-q", "--filter", "name=^docker_gwbridge$");
        await docker.RunAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
        return new SingleNodeSwarm(docker, initialised: true, removesGatewayBridge: gatewayBridgeBefore.Length == 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (initialised)
        {
            await docker.RunAsync("swarm", "leave", "--force");
        }

        if (removesGatewayBridge)
        {
            await docker.RunAsync("network", "rm", "docker_gwbridge");
        }
    }
}
