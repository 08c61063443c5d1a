using System.Diagnostics;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A dockerd of the test's own (own data root, exec root, socket, containerd and default bridge; no
/// iptables; live-restore), so that the test can kill it without harming the engine everything else
/// uses. Its default bridge is one the test makes: a dockerd told --bridge=none deletes docker0.
/// </summary>
internal sealed class PrivateDockerDaemon : IAsyncDisposable
{
    private readonly string directory;
    private readonly string bridge;
    private Process? process;

    private PrivateDockerDaemon(string directory)
    {
        this.directory = directory;
        bridge = "dnf" + Path.GetFileName(directory)[3..].ToLowerInvariant();
    }

    public Uri Endpoint => new($"unix://{Path.Combine(directory, "docker.sock")}");

    public static async Task<PrivateDockerDaemon> StartAsync()
    {
        // Short: dockerd's socket and containerd's paths under it must fit in a sockaddr_un.
        var daemon = new PrivateDockerDaemon(Directory.CreateTempSubdirectory("dn-").FullName);
        try
        {
            await Shell.CheckedAsync("ip", "link", "add", daemon.bridge, "type", "bridge");
            await Shell.CheckedAsync("ip", "link", "set", daemon.bridge, "up");
            await daemon.RestartAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Docker CLI against this daemon.</summary>
    public Task<string> DockerAsync(params string[] arguments) => Shell.CheckedAsync(DockerCli.Executable, ["-H", Endpoint.ToString(), .. arguments]);

    /// <summary>SIGKILL: no shutdown, no event, the containers' processes left running under containerd.</summary>
    public async Task KillAsync()
    {
        process!.Kill();
        await process.WaitForExitAsync();
    }

    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo("dockerd")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            $"--data-root={Path.Combine(directory, "data")}", $"--exec-root={Path.Combine(directory, "exec")}",
            $"--pidfile={Path.Combine(directory, "docker.pid")}", $"--host={Endpoint}",
            "--storage-driver=vfs", $"--bridge={bridge}", "--iptables=false", "--ip-masq=false",

            // Running containers outlive a restart of this dockerd, as on hosts configured for it.
            "--live-restore",

            // Should dockerd use a system containerd rather than start its own, keep apart from the main engine's containers.
            "--containerd-namespace=dockernet-test", "--containerd-plugins-namespace=dockernet-test-plugins",
        })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.WaitForAsync(
            async () => (await Shell.RunAsync(DockerCli.Executable, ["-H", Endpoint.ToString(), "version"])).ExitCode == 0 ? "up" : null,
            TimeSpan.FromSeconds(60),
            "the private dockerd answering");
    }

    public async ValueTask DisposeAsync()
    {
        // A test that failed while dockerd was down: bring it back, so that it removes its containers.
        if (process is { HasExited: true })
        {
            try
            {
                await RestartAsync();
            }
            catch (TimeoutException)
            {
            }
        }

        if (process is { HasExited: false })
        {
            var containers = await Shell.RunAsync(DockerCli.Executable, ["-H", Endpoint.ToString(), "ps", "-aq"]);
            if (containers.Stdout.Length > 0)
            {
                await Shell.RunAsync(DockerCli.Executable, ["-H", Endpoint.ToString(), "rm", "-f", .. containers.Stdout.Split('\n')]);
            }

            await Shell.RunAsync(DockerCli.Executable, ["-H", Endpoint.ToString(), "network", "prune", "-f"]);
            await Shell.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
            }
        }

        process?.Dispose();
        await StopOwnContainerdsAsync();
        await Shell.RunAsync("ip", ["link", "del", bridge]);

        // dockerd bind-mounts its data root (and namespaces under its exec root) onto themselves.
        var mounts = (await File.ReadAllLinesAsync("/proc/self/mounts")).Select(line => line.Split(' ')[1])
            .Where(mount => mount.StartsWith(directory, StringComparison.Ordinal)).OrderByDescending(mount => mount.Length);
        foreach (var mount in mounts)
        {
            await Shell.RunAsync("umount", ["-l", mount]);
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The containerd a killed dockerd left running is this test's own: end it, found by its paths under our directory.</summary>
    private async Task StopOwnContainerdsAsync()
    {
        foreach (var proc in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)))
        {
            string commandLine;
            try
            {
                commandLine = (await File.ReadAllTextAsync($"/proc/{proc}/cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            if (commandLine.StartsWith("containerd ", StringComparison.Ordinal) && commandLine.Contains(directory, StringComparison.Ordinal))
            {
                await Shell.RunAsync("kill", ["-TERM", proc!]);
                for (var i = 0; i < 100 && Directory.Exists($"/proc/{proc}"); i++)
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
