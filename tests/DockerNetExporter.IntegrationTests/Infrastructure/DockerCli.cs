using System.Globalization;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The Docker CLI (or Podman's, which takes the same commands), for setting up what the tests look
/// at and for reading the engine's own answers (inspect) independently of the exporter. Every
/// container and network it makes carries this run's label and is removed by <see cref="CleanUpAsync"/>.
/// </summary>
internal sealed class DockerCli
{
    public const string Image = "dockernet-busybox:test";

    private readonly string client;
    private readonly string image;
    private readonly string[] runOptions;

    public DockerCli()
        : this(Executable, Image, [])
    {
    }

    private DockerCli(string client, string image, string[] runOptions)
    {
        this.client = client;
        this.image = image;
        this.runOptions = runOptions;
        RunId = Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>
    /// The client of the engine under test: DOCKERNET_TEST_DOCKER_CLI when set (tests/docker26.sh sets
    /// Docker 26's); else Debian's, matching its dockerd, when installed; else whatever docker is on PATH.
    /// </summary>
    public static string Executable { get; } =
        Environment.GetEnvironmentVariable("DOCKERNET_TEST_DOCKER_CLI") is { Length: > 0 } client ? client
        : File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

    public string RunId { get; }

    /// <summary>
    /// Podman's CLI, running rootful containers of the same busybox image (imported as
    /// localhost/NAME by tests/prepare-host.sh), with the limits Podman needs on this kind of host.
    /// </summary>
    public static DockerCli Podman() =>
        new("podman", "localhost/" + Image, ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]);

    private string Label => $"dockernet.test.run={RunId}";

    /// <summary>A name unique to this run, so tests never meet containers they did not make.</summary>
    public string Name(string role) => $"dnx-{RunId}-{role}";

    public Task<string> RunAsync(params string[] arguments) => Shell.CheckedAsync(client, arguments);

    /// <summary>docker run -d with this run's label; the extra arguments go before the image, the command after it.</summary>
    public Task<string> StartContainerAsync(string name, string[] options, params string[] command) =>
        StartContainerOfAsync(image, name, options, command);

    /// <summary>The same, of another image than the busybox one.</summary>
    public async Task<string> StartContainerOfAsync(string containerImage, string name, string[] options, params string[] command)
    {
        string[] arguments = ["run", "-d", "--name", name, "--label", Label, .. runOptions, .. options, containerImage, .. (command.Length == 0 ? ["sleep", "600"] : command)];
        return await RunAsync(arguments);
    }

    /// <summary>docker network create with this run's label; the extra arguments (driver, subnet, options) go before the name.</summary>
    public async Task<string> CreateNetworkAsync(string name, params string[] options) =>
        await RunAsync(["network", "create", "--label", Label, .. options, name]);

    /// <summary>The kernel's name of the default network's bridge: docker0, unless the engine was given a bridge of its own (dockerd -b, as tests/docker26.sh does).</summary>
    public Task<string> DefaultBridgeAsync() =>
        RunAsync("network", "inspect", "--format", "{{index .Options \"com.docker.network.bridge.name\"}}", "bridge");

    public Task<string> ExecAsync(string container, params string[] command) => RunAsync(["exec", container, .. command]);

    public Task<string> InspectAsync(string target, string format) => RunAsync("inspect", "--format", format, target);

    public async Task<int> ContainerIfLinkAsync(string container, string containerInterface) =>
        int.Parse(await ExecAsync(container, "cat", $"/sys/class/net/{containerInterface}/iflink"), CultureInfo.InvariantCulture);

    public async Task<int> ContainerIfIndexAsync(string container, string containerInterface) =>
        int.Parse(await ExecAsync(container, "cat", $"/sys/class/net/{containerInterface}/ifindex"), CultureInfo.InvariantCulture);

    /// <summary>The host-side veth of a container interface, found by the kernel's ifindex and iflink alone.</summary>
    public async Task<string> HostVethOfAsync(string container, string containerInterface)
    {
        var ifLink = await ContainerIfLinkAsync(container, containerInterface);
        var ifIndex = await ContainerIfIndexAsync(container, containerInterface);
        var veth = HostKernel.InterfaceByIndex(ifLink) ?? throw new InvalidOperationException($"no host interface with ifindex {ifLink}");
        Assert.Equal(ifIndex, HostKernel.IfLink(veth));
        return veth;
    }

    public Task CleanUpAsync() => RemoveAsync(_ => true);

    /// <summary>
    /// Removes this run's containers, then networks, whose names start with <see cref="Name"/> of one of
    /// <paramref name="roles"/>: what one test made, leaving the rest of the run alone (a class's
    /// scenario shared by its tests, whose containers a whole-run clean-up would remove under them).
    /// </summary>
    public Task RemoveAsync(params string[] roles)
    {
        var prefixes = roles.Select(Name).ToArray();
        return RemoveAsync(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    private async Task RemoveAsync(Func<string, bool> made)
    {
        var containers = Names(await RunAsync("ps", "-a", "--filter", $"label={Label}", "--format", "{{.Names}}")).Where(made).ToArray();
        if (containers.Length > 0)
        {
            await RunAsync(["rm", "-f", .. containers]);
        }

        var networks = Names(await RunAsync("network", "ls", "--filter", $"label={Label}", "--format", "{{.Name}}")).Where(made).ToArray();
        if (networks.Length > 0)
        {
            await RunAsync(["network", "rm", .. networks]);
        }
    }

    private static string[] Names(string lines) => lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
