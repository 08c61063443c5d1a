using System.Globalization;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// The test's own, independent reads of the host kernel's view, to check the exporter against.
/// Deliberately plain: File.ReadAllText and a directory scan, nothing shared with the exporter.
/// </summary>
internal static class HostKernel
{
    private const string NetClass = "/sys/class/net";

    public static ulong Statistic(string hostInterface, string statistic) =>
        ulong.Parse(File.ReadAllText($"{NetClass}/{hostInterface}/statistics/{statistic}").Trim(), CultureInfo.InvariantCulture);

    public static bool Exists(string hostInterface) => Directory.Exists($"{NetClass}/{hostInterface}");

    /// <summary>The host interface with this ifindex, by scanning every ifindex file.</summary>
    public static string? InterfaceByIndex(int ifIndex)
    {
        foreach (var directory in Directory.GetFileSystemEntries(NetClass))
        {
            try
            {
                if (int.Parse(File.ReadAllText(Path.Combine(directory, "ifindex")).Trim(), CultureInfo.InvariantCulture) == ifIndex)
                {
                    return Path.GetFileName(directory);
                }
            }
            catch (IOException)
            {
                // Deleted while scanning.
            }
        }

        return null;
    }

    public static int IfIndex(string hostInterface) =>
        int.Parse(File.ReadAllText($"{NetClass}/{hostInterface}/ifindex").Trim(), CultureInfo.InvariantCulture);

    public static int IfLink(string hostInterface) =>
        int.Parse(File.ReadAllText($"{NetClass}/{hostInterface}/iflink").Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// One interface's eight counters in a process's namespace, from its line of /proc/PID/net/dev
    /// (receive bytes, packets, errs, drop, then after four more, transmit bytes, packets, errs, drop),
    /// by the names the exporter's container counters end in.
    /// </summary>
    public static Dictionary<string, ulong> NamespaceStatistics(int pid, string containerInterface)
    {
        var line = File.ReadAllLines($"/proc/{pid}/net/dev").Single(l => l.TrimStart().StartsWith(containerInterface + ":", StringComparison.Ordinal));
        var fields = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new Dictionary<string, ulong>
        {
            ["receive_bytes"] = fields[0], ["receive_packets"] = fields[1], ["receive_errors"] = fields[2], ["receive_dropped"] = fields[3],
            ["transmit_bytes"] = fields[8], ["transmit_packets"] = fields[9], ["transmit_errors"] = fields[10], ["transmit_dropped"] = fields[11],
        };
    }

    public static string? Master(string hostInterface) =>
        new FileInfo($"{NetClass}/{hostInterface}/master").LinkTarget is { } target ? Path.GetFileName(target) : null;
}
