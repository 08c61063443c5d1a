using System.Net.Sockets;
using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A Unix socket that forwards every connection to the real Docker socket, except that the response
/// to the first events request stops after its headers: the connection stays open and silent, as a
/// half-open connection does when the peer's side is gone without a close.
/// </summary>
internal sealed class DockerSocketProxy : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly string upstream;
    private readonly string directory;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Socket> connections = [];
    private int eventsRequests;

    private DockerSocketProxy(Socket listener, string upstream, string directory)
    {
        this.listener = listener;
        this.upstream = upstream;
        this.directory = directory;
        _ = AcceptAsync();
    }

    public Uri Endpoint => new($"unix://{Path.Combine(directory, "docker.sock")}");

    /// <summary>Events requests seen so far; the first was frozen, the later ones flow.</summary>
    public int EventsRequests => Volatile.Read(ref eventsRequests);

    public static DockerSocketProxy Start(string upstreamSocket)
    {
        var directory = Directory.CreateTempSubdirectory("dockernet-proxy-").FullName;
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory, "docker.sock")));
        listener.Listen();
        return new DockerSocketProxy(listener, upstreamSocket, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        lock (connections)
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        stopping.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        lock (connections)
        {
            connections.Add(client);
            connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(new UnixDomainSocketEndPoint(upstream), stopping.Token);
            var buffer = new byte[16 * 1024];
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            var requestLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            var freeze = requestLine.Contains("/events", StringComparison.Ordinal) && Interlocked.Increment(ref eventsRequests) == 1;
            await server.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            var toServer = PumpAsync(client, server, frozen: false);
            var toClient = PumpAsync(server, client, frozen: freeze);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Copies until either side closes; a frozen pump forwards the response headers and then swallows the rest.</summary>
    private async Task PumpAsync(Socket from, Socket to, bool frozen)
    {
        var buffer = new byte[16 * 1024];
        var headersSent = false;
        while (!stopping.IsCancellationRequested)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            if (!frozen)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
                continue;
            }

            if (!headersSent)
            {
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var length = end < 0 ? read : end + 4;
                await to.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, stopping.Token);
                headersSent = end >= 0;
            }
        }
    }
}
