using System.Net.Sockets;
using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A Unix socket that forwards every connection to the real Docker socket, except that the response
/// to the first events request stops after its headers: the connection stays open and silent, as a
/// half-open connection does when the peer's side is gone without a close.
/// </summary>
internal sealed class DockerSocketProxy : UnixSocketServer
{
    private readonly string upstream;
    private int eventsRequests;

    private DockerSocketProxy(string upstream)
        : base("dockernet-proxy-") => this.upstream = upstream;

    /// <summary>
    /// Events requests seen so far, on new connections or kept-alive ones (the exporter's HTTP client
    /// pools them); the first was frozen, the later ones flow.
    /// </summary>
    public int EventsRequests => Volatile.Read(ref eventsRequests);

    public static DockerSocketProxy Start(string upstreamSocket)
    {
        var proxy = new DockerSocketProxy(upstreamSocket);
        proxy.StartAccepting();
        return proxy;
    }

    protected override async Task ServeAsync(Socket client)
    {
        var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        CloseOnDispose(server);

        try
        {
            await server.ConnectAsync(new UnixDomainSocketEndPoint(upstream), Stopping);
            var buffer = new byte[16 * 1024];
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            var freeze = CountEventsRequests(buffer, read) && Volatile.Read(ref eventsRequests) == 1;
            await server.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping);
            var toServer = PumpAsync(client, server, frozen: false, countRequests: true);
            var toClient = PumpAsync(server, client, frozen: freeze, countRequests: false);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Counts the events requests that begin in what the client sent; true if there was one.</summary>
    private bool CountEventsRequests(byte[] buffer, int read)
    {
        var requests = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")
            .Count(line => line.StartsWith("GET ", StringComparison.Ordinal) && line.Contains("/events", StringComparison.Ordinal));
        Interlocked.Add(ref eventsRequests, requests);
        return requests > 0;
    }

    /// <summary>Copies until either side closes; a frozen pump forwards the response headers and then swallows the rest.</summary>
    private async Task PumpAsync(Socket from, Socket to, bool frozen, bool countRequests)
    {
        var buffer = new byte[16 * 1024];
        var headersSent = false;
        while (!Stopping.IsCancellationRequested)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            if (countRequests)
            {
                CountEventsRequests(buffer, read);
            }

            if (!frozen)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping);
                continue;
            }

            if (!headersSent)
            {
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var length = end < 0 ? read : end + 4;
                await to.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, Stopping);
                headersSent = end >= 0;
            }
        }
    }
}
