namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The repository's Dockerfile, built once per run for the tests that run the image (docker run,
/// a Swarm stack) and removed when the collection ends. No registry serves images on this machine,
/// so its two base images are made locally: the runtime base from the host's own copies of the
/// C libraries .NET executables load, and, standing in for the SDK image, one that holds the
/// exporter already published on the host (<see cref="AotPublish"/>), whose `dotnet` does nothing.
/// Everything from the runtime stage on is the Dockerfile's own.
/// </summary>
internal sealed class ExporterImage : IAsyncDisposable
{
    private static readonly string[] RuntimeLibraries =
    [
        "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
        "/lib/x86_64-linux-gnu/libdl.so.2", "/lib/x86_64-linux-gnu/librt.so.1", "/lib/x86_64-linux-gnu/libpthread.so.0",
        "/lib/x86_64-linux-gnu/libgcc_s.so.1", "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    // Built by the first test that needs it; the others share it, or its failure.
    private static Task<ExporterImage>? built;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("dockernet-image-");
    private readonly string runId;
    private IReadOnlySet<string> buildStageImages = new HashSet<string>();

    private ExporterImage(string runId)
    {
        this.runId = runId;
    }

    public string Tag => $"dockernet-exporter:{runId}";

    private string RuntimeBase => $"dockernet-runtime-deps:{runId}";

    private string SdkStandIn => $"dockernet-prebuilt:{runId}";

    public static Task<ExporterImage> BuildOnceAsync(DockerEnvironment environment) =>
        built ??= BuildAsync(environment);

    private static async Task<ExporterImage> BuildAsync(DockerEnvironment environment)
    {
        var image = environment.DisposeAtEnd(new ExporterImage(environment.Docker.RunId));
        await image.BuildAsync(await AotPublish.OnceAsync(environment));
        return image;
    }

    private async Task BuildAsync(AotPublish published)
    {
        await ImportAsync(Path.Combine(work.FullName, "runtime"), RuntimeBase, root =>
        {
            foreach (var library in RuntimeLibraries)
            {
                CopyInto(root, library);
            }

            Directory.CreateDirectory(Path.Combine(root, "tmp"));
            return Task.CompletedTask;
        });
        await ImportAsync(Path.Combine(work.FullName, "sdk"), SdkStandIn, async root =>
        {
            // The Dockerfile's own publish (the README's, for linux-x64), done on the host because the stand-in has no SDK.
            Assert.Contains("-r \"${RID}\" -p:PublishAot=true ${SOURCE_REVISION:+-p:SourceRevisionId=$SOURCE_REVISION} -o /out", await File.ReadAllTextAsync(RepositoryFiles.Path("Dockerfile")), StringComparison.Ordinal);
            await Shell.CheckedAsync("cp", "-a", published.Path, Path.Combine(root, "out"));
            CopyInto(root, "/bin/busybox");
            File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
            Directory.CreateDirectory(Path.Combine(root, "usr", "bin"));
            await File.WriteAllTextAsync(Path.Combine(root, "usr", "bin", "dotnet"), "#!/bin/sh\n# The exporter is already in /out.\nexit 0\n");
            await Shell.CheckedAsync("chmod", "755", Path.Combine(root, "usr", "bin", "dotnet"));
        });

        var danglingBefore = await DanglingImagesAsync();
        await Shell.CheckedAsync(DockerCli.Executable, "build", "--build-arg", $"SDK_IMAGE={SdkStandIn}", "--build-arg", $"RUNTIME_IMAGE={RuntimeBase}",
            "--label", $"dockernet.test.run={runId}", "-t", Tag, RepositoryFiles.Root);

        // The build stage leaves an untagged image: taken right after the build, to remove it and no other.
        buildStageImages = (await DanglingImagesAsync()).Except(danglingBefore).ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var image in new[] { Tag, SdkStandIn, RuntimeBase }.Concat(buildStageImages))
        {
            await Shell.RunAsync(DockerCli.Executable, ["image", "rm", "-f", image]);
        }

        work.Delete(recursive: true);
    }

    private static async Task<IReadOnlySet<string>> DanglingImagesAsync() =>
        (await Shell.CheckedAsync(DockerCli.Executable, "images", "-q", "--no-trunc", "--filter", "dangling=true"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Fills a directory with <paramref name="fill"/> and tars it into an image tagged <paramref name="tag"/> by docker import.</summary>
    private static async Task ImportAsync(string root, string tag, Func<string, Task> fill)
    {
        Directory.CreateDirectory(root);
        await fill(root);
        var tar = root + ".tar";
        await Shell.CheckedAsync("tar", "-C", root, "-cf", tar, ".");
        await Shell.CheckedAsync(DockerCli.Executable, "import", tar, tag);
    }

    /// <summary>Copies a host file to the same path under root, following the link to the real file.</summary>
    private static void CopyInto(string root, string hostPath)
    {
        var target = Path.Combine(root, hostPath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var resolved = new FileInfo(hostPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? hostPath;
        File.Copy(resolved, target);
    }
}
