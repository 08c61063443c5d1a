using System.Net;
using System.Net.Sockets;
using DockerNetExporter.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace DockerNetExporter.Hosting;

/// <summary>
/// The socket --web.listen-address names, bound and listening before anything else starts and
/// handed to Kestrel as its listening socket (<see cref="SocketTransportOptions.CreateBoundListenSocket"/>;
/// Kestrel's own listen() then only sets the backlog). Bound by Kestrel at start, an address that
/// cannot be had failed after discovery had begun, with the host's stack trace logged before any
/// line of ours; bound here, it is one line and exit 1. Listening at once matters: sockets bound
/// with SO_REUSEADDR (as .NET binds on Linux) share a port until one listens, so two addresses on
/// one port ([::]:P and 0.0.0.0:P), or another process binding it meanwhile, would fail only later.
/// </summary>
internal static class ListenSocket
{
    /// <summary>
    /// Every address, or none: an address that cannot be had closes those bound before it, so that a
    /// refused start holds no port (the exporter's own tests, and a host that retries, start again).
    /// </summary>
    /// <exception cref="CannotListenException">One of the addresses cannot be had.</exception>
    public static Socket[] BindAll(IReadOnlyList<IPEndPoint> endPoints)
    {
        var bound = new List<Socket>(endPoints.Count);
        try
        {
            foreach (var endPoint in endPoints)
            {
                bound.Add(Bind(endPoint));
            }

            return [.. bound];
        }
        catch
        {
            bound.ForEach(socket => socket.Dispose());
            throw;
        }
    }

    /// <exception cref="CannotListenException">The address is in use, not one of the host's, or not allowed.</exception>
    public static Socket Bind(IPEndPoint endPoint)
    {
        try
        {
            // As Kestrel binds (SO_REUSEADDR, and [::] dual mode: every IPv4 address too).
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
            try
            {
                socket.Listen();
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressFamilyNotSupported && endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            // A host without IPv6: every IPv4 address, as Kestrel's ListenAnyIP falls back to.
            return Bind(new IPEndPoint(IPAddress.Any, endPoint.Port));
        }
        catch (SocketException e)
        {
            var flag = ExporterFlag.ListenAddress.Name;
            throw new CannotListenException(flag, $"cannot listen on {flag} {endPoint}: {Reason(e, endPoint)}");
        }
    }

    private static string Reason(SocketException e, IPEndPoint endPoint) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use: another process, or another --web.listen-address, listens on that port",
        SocketError.AddressNotAvailable => $"{endPoint.Address} is not an address of this host",
        SocketError.AccessDenied => "permission denied (a port below 1024 takes CAP_NET_BIND_SERVICE)",
        _ => e.Message,
    };
}
