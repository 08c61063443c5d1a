using System.Globalization;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// Two running busybox containers, one of an image whose root directory is 0755 and one of an image
/// whose root is 0700 (checked through /proc/PID/root), each image imported for the test; the
/// containers and then the images are removed at dispose.
/// </summary>
internal sealed class RootModeContainers : IAsyncDisposable
{
    private readonly DockerCli docker;
    private readonly BusyboxImage[] images;

    private RootModeContainers(DockerCli docker, BusyboxImage[] images, string open, string closed)
    {
        this.docker = docker;
        this.images = images;
        Open = open;
        Closed = closed;
    }

    /// <summary>The container whose root directory is 0755: any user may go through it.</summary>
    public string Open { get; }

    /// <summary>The container whose root directory is 0700: only its owner, root, or CAP_DAC_READ_SEARCH.</summary>
    public string Closed { get; }

    public IEnumerable<string> Names => [Open, Closed];

    public static async Task<RootModeContainers> StartAsync(DockerCli docker)
    {
        var images = new List<BusyboxImage>();
        try
        {
            images.Add(await BusyboxImage.ImportAsync($"dockernet-busybox:root0755-{docker.RunId}", "755"));
            images.Add(await BusyboxImage.ImportAsync($"dockernet-busybox:root0700-{docker.RunId}", "700"));
            var open = await StartAsync(docker, images[0], docker.Name("root0755"), "755");
            var closed = await StartAsync(docker, images[1], docker.Name("root0700"), "700");
            return new RootModeContainers(docker, [.. images], open, closed);
        }
        catch
        {
            await RemoveAsync(docker, [docker.Name("root0755"), docker.Name("root0700")], images);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(RemoveAsync(docker, Names, images));

    private static async Task<string> StartAsync(DockerCli docker, BusyboxImage image, string name, string rootMode)
    {
        await docker.StartContainerOfAsync(image.Tag, name, []);
        var pid = long.Parse(await docker.InspectAsync(name, "{{.State.Pid}}"), CultureInfo.InvariantCulture);
        Assert.Equal(rootMode, await Shell.CheckedAsync("stat", "-c", "%a", $"/proc/{pid}/root/"));
        return name;
    }

    private static async Task RemoveAsync(DockerCli docker, IEnumerable<string> names, IEnumerable<BusyboxImage> images)
    {
        await Shell.RunAsync(DockerCli.Executable, ["rm", "-f", .. names]);
        foreach (var image in images)
        {
            await image.DisposeAsync();
        }
    }
}
