using System.Net.Sockets;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A server on a Unix socket (docker.sock, in a temporary directory of its own) that hands each
/// connection to <see cref="ServeAsync"/>. Disposing it closes the listener and every connection it
/// was told of, and removes the directory.
/// </summary>
internal abstract class UnixSocketServer : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string directory;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Socket> connections = [];

    protected UnixSocketServer(string directoryPrefix)
    {
        directory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory, "docker.sock")));
        listener.Listen();
    }

    public Uri Endpoint => new($"unix://{Path.Combine(directory, "docker.sock")}");

    protected CancellationToken Stopping => stopping.Token;

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

    /// <summary>Starts accepting: called by the subclass's factory once it is whole, since each connection goes to its <see cref="ServeAsync"/>.</summary>
    protected void StartAccepting() => _ = AcceptAsync();

    /// <summary>Serves one accepted connection; exceptions of a connection the other side or the disposal closed are the subclass's to swallow.</summary>
    protected abstract Task ServeAsync(Socket client);

    /// <summary>A socket to close on disposal with the accepted ones (an upstream connection, say).</summary>
    protected void CloseOnDispose(Socket socket)
    {
        lock (connections)
        {
            connections.Add(socket);
        }
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

            CloseOnDispose(client);
            _ = ServeAsync(client);
        }
    }
}
