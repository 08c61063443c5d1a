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

    public static string? Master(string hostInterface) =>
        new FileInfo($"{NetClass}/{hostInterface}/master").LinkTarget is { } target ? Path.GetFileName(target) : null;
}
