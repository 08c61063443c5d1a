using System.Globalization;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Hosting;

/// <summary>
/// The listening sockets systemd passes a socket-activated service, as sd_listen_fds(3) takes them:
/// LISTEN_PID names the process they are for, LISTEN_FDS counts them, and they are the descriptors
/// from 3 (SD_LISTEN_FDS_START) on. With --web.systemd-socket, none passed to this process is a
/// failure to start, not a silent fall back on a port of Kestrel's choosing.
/// </summary>
internal static class SystemdSockets
{
    private const int ListenFdsStart = 3;

    /// <summary>Far more than any .socket unit passes; LISTEN_FDS past it is garbage.</summary>
    private const int MaxSockets = 64;

    /// <exception cref="NoSystemdSocketException">No socket is passed to <paramref name="processId"/>.</exception>
    public static IReadOnlyList<ulong> Passed(int processId, Func<string, string?> environment)
    {
        var flag = ExporterFlag.SystemdSocket.Name;
        var listenPid = environment("LISTEN_PID");
        var listenFds = environment("LISTEN_FDS");
        if (listenPid is null || listenFds is null)
        {
            throw new NoSystemdSocketException(
                $"{flag}: systemd passed no socket (LISTEN_PID and LISTEN_FDS are not set): start it through its .socket unit, or without {flag}");
        }

        if (!int.TryParse(listenPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId)
        {
            throw new NoSystemdSocketException(
                $"{flag}: the sockets systemd passed are for process {listenPid} (LISTEN_PID), not this one ({processId}): inherited, not passed to it");
        }

        if (!int.TryParse(listenFds, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxSockets)
        {
            throw new NoSystemdSocketException($"{flag}: LISTEN_FDS is \"{listenFds}\", not a number of sockets from 1 to {MaxSockets}");
        }

        return [.. Enumerable.Range(ListenFdsStart, count).Select(fd => (ulong)fd)];
    }
}
