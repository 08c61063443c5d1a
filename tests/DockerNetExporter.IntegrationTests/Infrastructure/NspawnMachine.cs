using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A real systemd booted as PID 1 of a container (systemd-nspawn --boot) over a tree kept as it is
/// (a volatile overlay takes every change, gone at power-off), in the host's network namespace, and
/// driven from the host with nsenter into its init's namespaces. Every wait is bounded.
/// </summary>
internal sealed class NspawnMachine : IAsyncDisposable
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    private readonly Process nspawn;
    private readonly ConcurrentQueue<string> console;

    private NspawnMachine(Process nspawn, ConcurrentQueue<string> console)
    {
        this.nspawn = nspawn;
        this.console = console;
    }

    /// <summary>The container's init, systemd, by its pid on the host.</summary>
    public int Init { get; private set; }

    /// <param name="binds">systemd-nspawn's --bind and --bind-ro options.</param>
    public static async Task<NspawnMachine> BootAsync(string root, string name, IEnumerable<string> binds)
    {
        var console = new ConcurrentQueue<string>();
        var nspawn = ExporterProcess.StartExecutable(
            console, "systemd-nspawn",
            ["--directory", root, "--machine", name, "--register=no", "--keep-unit", "--boot", "--volatile=overlay", "--console=read-only", .. binds]);
        var machine = new NspawnMachine(nspawn, console);
        try
        {
            machine.Init = int.Parse(await Eventually.WaitForAsync(
                async () => nspawn.HasExited ? throw new InvalidOperationException($"systemd-nspawn exited {nspawn.ExitCode}: {machine.Console}") : await InitOfAsync(nspawn.Id),
                TimeSpan.FromSeconds(30),
                $"systemd started by systemd-nspawn: {machine.Console}"), CultureInfo.InvariantCulture);
            // Until systemd has made its socket, systemctl cannot connect: it says nothing on stdout,
            // or "offline" (seen once, the guest's first boot in a run while the host was busy).
            var state = await Eventually.WaitForAsync(
                async () => (await machine.RunAsync(BootLimit, "systemctl", "is-system-running", "--wait")).Stdout is { Length: > 0 } said && said != "offline" ? said : null,
                BootLimit,
                $"systemd in the container answering: {machine.Console}");
            Assert.True(state is "running" or "degraded", $"the container's systemd is {state}: {machine.Console}");
            return machine;
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    /// <summary>What systemd printed on the container's console, for failure messages.</summary>
    public string Console => string.Join('\n', console);

    /// <summary>Runs a command in the container, in a clean environment, within <paramref name="timeout"/>.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] command) =>
        Shell.RunAsync(
            "nsenter",
            ["--target", Init.ToString(CultureInfo.InvariantCulture), "--all", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", .. command],
            timeout);

    /// <summary>Runs a command in the container; its stdout, or an exception naming the command, its exit code and its stderr.</summary>
    public async Task<string> CheckedAsync(params string[] command)
    {
        var (exitCode, stdout, stderr) = await RunAsync(CommandLimit, command);
        Assert.True(exitCode == 0, $"in the container, {string.Join(' ', command)} exited {exitCode}: {stdout} {stderr}");
        return stdout;
    }

    /// <summary>A shell line in the container, from <paramref name="directory"/>.</summary>
    public Task<string> ShellAsync(string directory, string line) => CheckedAsync("sh", "-c", $"cd {directory} && {line}");

    /// <summary>Powers the container off (SIGTERM to systemd-nspawn), killing it if it takes longer than 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!nspawn.HasExited)
        {
            await ExporterProcess.SignalAsync("TERM", nspawn.Id);
            using var poweredOff = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await nspawn.WaitForExitAsync(poweredOff.Token);
            }
            catch (OperationCanceledException)
            {
                nspawn.Kill(entireProcessTree: true);
                await nspawn.WaitForExitAsync();
            }
        }

        nspawn.Dispose();
    }

    private static async Task<string?> InitOfAsync(int nspawnPid)
    {
        var (_, children, _) = await Shell.RunAsync("ps", ["-o", "pid=,comm=", "--ppid", nspawnPid.ToString(CultureInfo.InvariantCulture)]);
        return children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(fields => fields is [_, "systemd"])?[0];
    }
}
