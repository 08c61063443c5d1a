using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// What <see cref="FakeDockerDaemon"/> writes back: a status line, headers and a body, any of them
/// broken on purpose. Large bodies are written from one small buffer: the test process never holds
/// what it sends.
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

    /// <summary>
    /// A body of <paramref name="length"/> bytes, <paramref name="prefix"/> and then <paramref name="pattern"/>
    /// over and over, with no Content-Length (it ends when the connection closes): only counting what
    /// arrives can stop it.
    /// </summary>
    /// <param name="status">200, or an error status, whose body Docker.DotNet reads whole into a string.</param>
    public static FakeDockerAnswer Huge(string prefix, long length, string pattern = "a", int status = 200) => new(async (stream, ct) =>
    {
        await WriteHeadAsync(stream, status, "Content-Type: application/json\r\n", ct);
        await WriteFillerAsync(stream, prefix, pattern, length, ct);
    });

    /// <summary>A status line and then header lines, <paramref name="length"/> bytes of them, with no end.</summary>
    public static FakeDockerAnswer EndlessHeaders(long length) => new(async (stream, ct) =>
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n"), ct);
        await WriteFillerAsync(stream, "", "X-Filler: " + new string('a', 1000) + "\r\n", length, ct);
    });

    /// <summary>A body that announces <paramref name="announced"/> bytes, sends <paramref name="body"/> and hangs up.</summary>
    public static FakeDockerAnswer Truncated(string body, int announced) => new(async (stream, ct) =>
    {
        await WriteHeadAsync(stream, 200, $"Content-Type: application/json\r\nContent-Length: {announced}\r\n", ct);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(body), ct);
    });

    /// <summary>An events stream (no length: it lasts until the connection closes) that stays quiet until the test ends.</summary>
    public static FakeDockerAnswer OpenStream() => new(async (stream, ct) =>
    {
        await WriteHeadAsync(stream, 200, "Content-Type: application/json\r\n", ct);
        await stream.FlushAsync(ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>An events stream whose first line is <paramref name="length"/> bytes with no newline, then quiet.</summary>
    public static FakeDockerAnswer EndlessLine(long length) => new(async (stream, ct) =>
    {
        await WriteHeadAsync(stream, 200, "Content-Type: application/json\r\n", ct);
        await WriteFillerAsync(stream, "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"", "a", length, ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    private static async Task WriteHeadAsync(Stream stream, int status, string headers, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Fake\r\nApi-Version: 1.41\r\nConnection: close\r\n{headers}\r\n"), ct);

    /// <summary>Writes <paramref name="length"/> bytes from one block of about 64 KiB, made of whole <paramref name="pattern"/>s.</summary>
    private static async Task WriteFillerAsync(Stream stream, string prefix, string pattern, long length, CancellationToken ct)
    {
        var start = Encoding.ASCII.GetBytes(prefix);
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(pattern, Math.Max(1, 64 * 1024 / pattern.Length))));
        await stream.WriteAsync(start, ct);
        for (var left = length - start.Length; left > 0; left -= block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(left, block.Length)), ct);
        }
    }
}
