using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The exporter's own executable, run as a separate process the way a user runs it.</summary>
internal static class ExporterProcess
{
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    private static string Assembly => Path.Combine(AppContext.BaseDirectory, "DockerNetExporter.dll");

    /// <summary>The exporter's native executable, for a wrapper (setpriv, prlimit) to run.</summary>
    public static string AppHost => Path.Combine(AppContext.BaseDirectory, "DockerNetExporter");

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments) =>
        Shell.RunAsync(Dotnet, [Assembly, .. arguments], TimeSpan.FromSeconds(60));

    /// <summary>Runs the exporter to its exit with <paramref name="environment"/> (NAME=value each) added to the test's.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitWithEnvironmentAsync(IEnumerable<string> environment, params string[] arguments) =>
        Shell.RunAsync("env", [.. environment, Dotnet, Assembly, .. arguments], TimeSpan.FromSeconds(60));

    /// <summary>Starts the exporter; what it prints, on either stream, collects in <paramref name="output"/>.</summary>
    public static Process Start(ConcurrentQueue<string> output, params string[] arguments) =>
        StartExecutable(output, Dotnet, [Assembly, .. arguments]);

    /// <summary>Starts a command (the exporter under a wrapper such as setpriv), collecting its output.</summary>
    public static Process StartExecutable(ConcurrentQueue<string> output, string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, line) => Collect(output, line.Data);
        process.ErrorDataReceived += (_, line) => Collect(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Collect(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>"ok" if the exporter answers /healthz with 200, null if not (yet).</summary>
    public static async Task<string?> HealthyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? "ok" : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet, or not answering
        }
    }

    public static async Task SignalAsync(string signal, int pid)
    {
        var (exitCode, _, stderr) = await Shell.RunAsync("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(exitCode == 0, stderr);
    }

    /// <summary>Sends SIGTERM and waits, 20 s at most, for the process to end; its exit code.</summary>
    public static async Task<int> TerminateAsync(Process process)
    {
        await SignalAsync("TERM", process.Id);
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(stopped.Token);
        return process.ExitCode;
    }

    /// <summary>Kills the process if it still runs: what a test that started it does last, whatever happened.</summary>
    public static async Task KillIfRunningAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
