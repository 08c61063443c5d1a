namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The trait of the test classes that tests/run-all.sh runs against every Docker engine it tests
/// (DOCKERNET_TEST_ENGINES: the system's 20.10 and a private Docker 26, chosen by DOCKER_HOST; see
/// tests/docker26.sh): those whose subject is what the engine says and does, the mapping, the
/// network modes, events, counters, the address plan, macvlan and gateway verdicts. Classes without it run once, against 20.10:
/// the exporter's own HTTP, TLS and command line, fake daemons, kernel attacks, and the tests bound
/// to the system's engine (the image built with /var/run/docker.sock mounted, the docker group's
/// socket, Podman, a Swarm on the host: its overlay, whose port 2377 one engine at a time can hold).
/// </summary>
internal static class EngineTrait
{
    public const string Name = "Engine";

    public const string AnyDocker = "any";
}
