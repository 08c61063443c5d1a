using System.Diagnostics;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>Runs a command and returns its output; a non-zero exit is an exception unless allowed.</summary>
internal static class Shell
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        return (process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    public static async Task<string> CheckedAsync(string file, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(file, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        }

        return stdout;
    }
}
