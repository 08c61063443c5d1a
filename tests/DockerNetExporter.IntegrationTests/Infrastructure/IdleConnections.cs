using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// TCP connections to a loopback port that never send a byte, as an attacker holds them, from a
/// loopback address of their own (127.0.0.0/8 is all loopback), as from another host than the
/// scraper's. Not thread-safe: one task at a time fills and drops.
/// </summary>
internal sealed class IdleConnections(int port, IPAddress source) : IDisposable
{
    /// <summary>Connections opened at once: more would overflow the listener's backlog (Kestrel's is 512) while it accepts.</summary>
    private const int Batch = 128;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly List<Socket> held = [];

    /// <summary>Connections established, in all.</summary>
    public int Opened { get; private set; }

    /// <summary>Connections that could not be established within the timeout, in all.</summary>
    public int Failed { get; private set; }

    /// <summary>Opens connections until <paramref name="count"/> are held.</summary>
    public async Task FillAsync(int count)
    {
        while (held.Count < count)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(Batch, count - held.Count)).Select(_ => ConnectAsync()));
            var opened = batch.OfType<Socket>().ToList();
            Opened += opened.Count;
            Failed += batch.Length - opened.Count;
            held.AddRange(opened);
            if (opened.Count == 0)
            {
                return; // nothing is accepted any more: no use trying again
            }
        }
    }

    /// <summary>Lets go of the connections the other end has closed, to open others in their place.</summary>
    public void DropClosed()
    {
        held.RemoveAll(socket =>
        {
            // Readable with nothing to read: the peer's FIN or RST.
            if (!socket.Poll(0, SelectMode.SelectRead) || socket.Available > 0)
            {
                return false;
            }

            socket.Dispose();
            return true;
        });
    }

    public void Dispose()
    {
        foreach (var socket in held)
        {
            socket.Dispose();
        }

        held.Clear();
    }

    private async Task<Socket?> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }
}
