using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// What <see cref="FakeDockerDaemon"/> writes back: a status line, headers and a body, any of them
/// broken on purpose.
/// </summary>
internal sealed class FakeDockerAnswer(Func<Stream, CancellationToken, Task> write)
{
    public Task WriteAsync(Stream stream, CancellationToken cancellationToken) => write(stream, cancellationToken);

    public static FakeDockerAnswer Json(int status, string body) => new(async (stream, ct) =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteHeadAsync(stream, status, $"Content-Type: application/json\r\nContent-Length: {bytes.Length}\r\n", ct);
        await stream.WriteAsync(bytes, ct);
    });

    /// <summary>An events stream (no length: it lasts until the connection closes) that stays quiet until the test ends.</summary>
    public static FakeDockerAnswer OpenStream() => new(async (stream, ct) =>
    {
        await WriteHeadAsync(stream, 200, "Content-Type: application/json\r\n", ct);
        await stream.FlushAsync(ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    private static async Task WriteHeadAsync(Stream stream, int status, string headers, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Fake\r\nApi-Version: 1.41\r\nConnection: close\r\n{headers}\r\n"), ct);
}
