using System.Net;
using System.Net.Sockets;
using DockerNetExporter.Hosting;

namespace DockerNetExporter.Tests.Hosting;

/// <summary>The listening socket bound before the exporter starts: an address it cannot have is said in words.</summary>
public sealed class ListenSocketTests
{
    [Fact]
    public void A_free_loopback_port_is_bound()
    {
        using var socket = ListenSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var bound = Assert.IsType<IPEndPoint>(socket.LocalEndPoint);
        Assert.Equal(IPAddress.Loopback, bound.Address);
        Assert.NotEqual(0, bound.Port);
    }

    [Fact]
    public void A_port_in_use_is_refused_in_words()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var endPoint = (IPEndPoint)occupant.LocalEndpoint;

        var refused = Assert.Throws<CannotListenException>(() => ListenSocket.Bind(endPoint));

        Assert.Equal("--web.listen-address", refused.Flag);
        Assert.Equal($"cannot listen on --web.listen-address {endPoint}: address already in use: another process, or another --web.listen-address, listens on that port", refused.Message);
    }

    [Fact]
    public void An_address_that_cannot_be_had_closes_the_ones_bound_before_it()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var free = FreePort();

        Assert.Throws<CannotListenException>(() => ListenSocket.BindAll([new IPEndPoint(IPAddress.Loopback, free), (IPEndPoint)occupant.LocalEndpoint]));

        // A socket of the first address still listening would refuse this one.
        using var again = ListenSocket.Bind(new IPEndPoint(IPAddress.Loopback, free));
    }

    [Fact]
    public void Two_addresses_on_one_port_are_refused_at_once()
    {
        var port = FreePort();

        var refused = Assert.Throws<CannotListenException>(() => ListenSocket.BindAll([new IPEndPoint(IPAddress.Any, port), new IPEndPoint(IPAddress.Loopback, port)]));

        Assert.Equal($"cannot listen on --web.listen-address 127.0.0.1:{port}: address already in use: another process, or another --web.listen-address, listens on that port", refused.Message);
    }

    [Fact]
    public void Every_address_that_can_be_had_is_bound()
    {
        var sockets = ListenSocket.BindAll([new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, 0)]);
        try
        {
            Assert.Equal(2, sockets.Select(socket => socket.LocalEndPoint).Distinct().Count());
        }
        finally
        {
            Array.ForEach(sockets, socket => socket.Dispose());
        }
    }

    [Fact]
    public void An_address_not_on_the_host_is_refused_in_words()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): no host has it.
        var refused = Assert.Throws<CannotListenException>(() => ListenSocket.Bind(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 0)));

        Assert.Equal("cannot listen on --web.listen-address 192.0.2.1:0: 192.0.2.1 is not an address of this host", refused.Message);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
