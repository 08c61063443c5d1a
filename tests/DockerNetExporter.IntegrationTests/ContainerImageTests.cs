using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The repository's Dockerfile, built and run here. No registry serves images on this machine, so
/// its two base images are made locally: the runtime base from the host's own copies of the
/// C libraries .NET executables load, and, standing in for the SDK image, one that
/// holds the exporter already published by `dotnet publish` on the host, whose `dotnet` does
/// nothing. Everything from the runtime stage on is the Dockerfile's own.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerImageTests(DockerEnvironment environment)
{
    private static readonly string[] RuntimeLibraries =
    [
        "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
        "/lib/x86_64-linux-gnu/libdl.so.2", "/lib/x86_64-linux-gnu/librt.so.1", "/lib/x86_64-linux-gnu/libpthread.so.0",
        "/lib/x86_64-linux-gnu/libgcc_s.so.1", "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task The_image_serves_the_hosts_containers_and_reports_healthy()
    {
        var work = Directory.CreateTempSubdirectory("dockernet-image-");
        var tag = $"dockernet-exporter:{Docker.RunId}";
        IReadOnlySet<string>? danglingBefore = null;
        try
        {
            var runtimeBase = await ImportAsync(Path.Combine(work.FullName, "runtime"), $"dockernet-runtime-deps:{Docker.RunId}", root =>
            {
                foreach (var library in RuntimeLibraries)
                {
                    CopyInto(root, library);
                }

                Directory.CreateDirectory(Path.Combine(root, "tmp"));
                return Task.CompletedTask;
            });
            var sdkStandIn = await ImportAsync(Path.Combine(work.FullName, "sdk"), $"dockernet-prebuilt:{Docker.RunId}", async root =>
            {
                // The Dockerfile's own publish, done here because the stand-in has no SDK.
                await Shell.CheckedAsync("dotnet", "publish", RepositoryFiles.Path("src", "DockerNetExporter"), "-c", "Release", "-r", "linux-x64",
                    "-p:PublishAot=true", "-o", Path.Combine(root, "out"));
                Assert.Contains("-r \"${RID}\" -p:PublishAot=true -o /out", await File.ReadAllTextAsync(RepositoryFiles.Path("Dockerfile")), StringComparison.Ordinal);
                CopyInto(root, "/bin/busybox");
                File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
                Directory.CreateDirectory(Path.Combine(root, "usr", "bin"));
                await File.WriteAllTextAsync(Path.Combine(root, "usr", "bin", "dotnet"), "#!/bin/sh\n# The exporter is already in /out.\nexit 0\n");
                await Shell.CheckedAsync("chmod", "755", Path.Combine(root, "usr", "bin", "dotnet"));
            });

            danglingBefore = await DanglingImagesAsync();
            await Shell.CheckedAsync(DockerCli.Executable, "build", "--build-arg", $"SDK_IMAGE={sdkStandIn}", "--build-arg", $"RUNTIME_IMAGE={runtimeBase}",
                "--label", $"dockernet.test.run={Docker.RunId}", "-t", tag, RepositoryFiles.Root);

            var name = Docker.Name("probe");
            await Docker.StartContainerAsync(name, []);
            var port = ExporterProcess.FreeLoopbackPort();
            // The README's command, on a port of the test's: in the host's network namespace, as pairing proven by the kernel needs.
            await Docker.RunAsync("run", "-d", "--name", Docker.Name("exporter-image"), "--label", $"dockernet.test.run={Docker.RunId}",
                "--network=host", "--pid=host", "--cap-add", "SYS_PTRACE", "-v", "/sys:/host/sys:ro", "-v", "/var/run/docker.sock:/var/run/docker.sock:ro",
                "-e", $"DOCKERNET_WEB_LISTEN_ADDRESS=127.0.0.1:{port}", "--health-interval", "1s", tag);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var series = await MetricsEndpoint.WaitForAsync(
                http,
                s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name,
                TimeSpan.FromSeconds(60),
                $"the containerised exporter serving {name}");
            Assert.Equal(await Docker.HostVethOfAsync(name, "eth0"), series["veth"]);
            Assert.Equal("docker0", series["bridge"]);

            // Started after the exporter: found through the events stream, whose JSON the AOT build reads.
            var late = Docker.Name("probe-late");
            await Docker.StartContainerAsync(late, []);
            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == late, TimeSpan.FromSeconds(30), $"the containerised exporter serving {late}");

            await Eventually.WaitForAsync(
                async () => await Docker.InspectAsync(Docker.Name("exporter-image"), "{{.State.Health.Status}}") == "healthy" ? "healthy" : null,
                TimeSpan.FromSeconds(60),
                "the image's HEALTHCHECK reporting healthy");
        }
        finally
        {
            await Shell.RunAsync(DockerCli.Executable, ["rm", "-f", Docker.Name("exporter-image")]);
            foreach (var image in new[] { tag, $"dockernet-prebuilt:{Docker.RunId}", $"dockernet-runtime-deps:{Docker.RunId}" })
            {
                await Shell.RunAsync(DockerCli.Executable, ["image", "rm", "-f", image]);
            }

            // The build stage leaves an untagged image; remove the ones this build made, and no other.
            if (danglingBefore is not null)
            {
                foreach (var image in (await DanglingImagesAsync()).Except(danglingBefore))
                {
                    await Shell.RunAsync(DockerCli.Executable, ["image", "rm", "-f", image]);
                }
            }

            work.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlySet<string>> DanglingImagesAsync() =>
        (await Shell.CheckedAsync(DockerCli.Executable, "images", "-q", "--no-trunc", "--filter", "dangling=true"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Fills a directory with <paramref name="fill"/>, tars it into an image by docker import, and returns its tag.</summary>
    private static async Task<string> ImportAsync(string root, string tag, Func<string, Task> fill)
    {
        Directory.CreateDirectory(root);
        await fill(root);
        var tar = root + ".tar";
        await Shell.CheckedAsync("tar", "-C", root, "-cf", tar, ".");
        await Shell.CheckedAsync(DockerCli.Executable, "import", tar, tag);
        return tag;
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
