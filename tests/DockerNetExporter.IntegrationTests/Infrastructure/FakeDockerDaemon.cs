using System.Net.Sockets;
using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A Docker API of the test's own on a Unix socket, answering as a hostile or broken daemon (or
/// proxy) would. HTTP/1.1, one request per connection (every answer closes it); each request is
/// answered by <see cref="Answer"/> as it stands when the request arrives, so a test can switch
/// from an attack to a sane daemon under a running exporter.
/// </summary>
internal sealed class FakeDockerDaemon : UnixSocketServer
{
    private volatile Func<string, FakeDockerAnswer> answer;

    private FakeDockerDaemon(Func<string, FakeDockerAnswer> answer)
        : base("dockernet-fake-docker-") => this.answer = answer;

    /// <summary>How each request is answered, by its path without the query (/containers/json, /events, ...).</summary>
    public Func<string, FakeDockerAnswer> Answer
    {
        get => answer;
        set => answer = value;
    }

    /// <summary>A daemon with no containers and no networks, whose events stream stays open and quiet.</summary>
    public static FakeDockerAnswer Sane(string path) => path switch
    {
        "/events" => FakeDockerAnswer.OpenStream(),
        _ => FakeDockerAnswer.Json(200, "[]"),
    };

    public static FakeDockerDaemon Start(Func<string, FakeDockerAnswer> answer)
    {
        var daemon = new FakeDockerDaemon(answer);
        daemon.StartAccepting();
        return daemon;
    }

    protected override async Task ServeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var path = await ReadRequestPathAsync(stream);
            await answer(path).WriteAsync(stream, Stopping);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The exporter hung up (as it should, on an answer over its limits) or the test is over.
        }
    }

    /// <summary>Reads a request's head (Docker.DotNet's GETs have no body) and returns its path without the query.</summary>
    private async Task<string> ReadRequestPathAsync(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, Stopping);
            if (read == 0)
            {
                throw new IOException("the client closed before its request was complete");
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var target = head.ToString().Split(' ', 3)[1];
        return target.Split('?')[0];
    }
}
