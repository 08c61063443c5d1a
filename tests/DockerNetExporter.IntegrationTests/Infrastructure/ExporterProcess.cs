using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The exporter's own executable, run as a separate process the way a user runs it.</summary>
internal static class ExporterProcess
{
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    private static string Assembly => Path.Combine(AppContext.BaseDirectory, "DockerNetExporter.dll");

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments) =>
        Shell.RunAsync(Dotnet, [Assembly, .. arguments], TimeSpan.FromSeconds(60));

    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the exporter");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
