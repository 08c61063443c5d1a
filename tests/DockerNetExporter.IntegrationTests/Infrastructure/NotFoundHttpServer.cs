using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// An HTTP server on a loopback port that answers 404 to every request, as a web server or a
/// proxy that is not a Docker API does: what --docker.host=tcp:// may be pointed at by mistake.
/// </summary>
internal sealed class NotFoundHttpServer : IAsyncDisposable
{
    private static readonly byte[] Answer = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n"u8.ToArray();

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int requests;

    public NotFoundHttpServer()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri Endpoint => new($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Requests answered so far: the exporter did ask.</summary>
    public int Requests => Volatile.Read(ref requests);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = AnswerAsync(client);
        }
    }

    /// <summary>Reads the request's head (Docker.DotNet's requests are GETs without a body), answers 404 and closes.</summary>
    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var head = 0;
                while (head < 4 || !buffer.AsSpan(0, head).EndsWith("\r\n\r\n"u8))
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(head), stopping.Token);
                    if (read == 0 || (head += read) == buffer.Length)
                    {
                        return;
                    }
                }

                Interlocked.Increment(ref requests);
                await stream.WriteAsync(Answer, stopping.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The exporter hung up, or the test is over.
            }
        }
    }
}
