using System.Diagnostics;

namespace DockerNetExporter.Benchmarks;

/// <summary>Runs ip(8) commands in one `ip -batch`: a thousand links or namespaces in one process.</summary>
internal static class IpBatch
{
    public static void Run(IEnumerable<string> commands)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, commands);
            using var ip = Process.Start("ip", ["-batch", file])!;
            ip.WaitForExit();
            if (ip.ExitCode != 0)
            {
                throw new InvalidOperationException($"ip -batch exited {ip.ExitCode}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A prefix for the names a benchmark makes: dnb and this process's id, so that runs do not collide.</summary>
    public static string NamePrefix(string kind) =>
        "dnb" + (Environment.ProcessId % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture) + kind;
}
