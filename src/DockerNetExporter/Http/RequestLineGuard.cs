using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace DockerNetExporter.Http;

/// <summary>
/// Kestrel answers a request line whose version it does not speak (GET / HTTP/9.9, or any third
/// word) with 505, a server error, although the fault is the client's. This connection middleware
/// answers it with 400 instead, before Kestrel parses anything; every other request passes untouched.
/// A client that sends no complete line within <see cref="FirstLineTimeout"/> (Kestrel's own
/// request-headers timeout) is disconnected, and one that resets the connection is let go quietly.
/// </summary>
internal static class RequestLineGuard
{
    private const int LongestLineExamined = 8 * 1024;
    private static readonly TimeSpan FirstLineTimeout = TimeSpan.FromSeconds(30);

    public static ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        bool unknownVersion;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            deadline.CancelAfter(FirstLineTimeout);
            try
            {
                unknownVersion = await HasUnknownHttpVersionAsync(connection, deadline.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ConnectionResetException or IOException)
            {
                return; // silent too long, or gone: Kestrel closes the connection when this returns
            }
        }

        if (unknownVersion)
        {
            await connection.Transport.Output.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            await connection.Transport.Output.CompleteAsync();
            return;
        }

        await next(connection);
    };

    private static async Task<bool> HasUnknownHttpVersionAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null && !result.IsCompleted && buffer.Length < LongestLineExamined)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // wait for more of the line
                continue;
            }

            var unknown = newline is { } end && IsUnknownVersion(buffer.Slice(0, end).ToArray());

            // Consume and examine nothing, so that Kestrel reads the same bytes again.
            input.AdvanceTo(buffer.Start, buffer.Start);
            return unknown;
        }
    }

    private static bool IsUnknownVersion(ReadOnlySpan<byte> line)
    {
        // METHOD SP TARGET SP VERSION; a line without two spaces is malformed, and Kestrel says 400 itself.
        line = line.TrimEnd((byte)'\r');
        if (line.Count((byte)' ') < 2)
        {
            return false;
        }

        var version = line[(line.LastIndexOf((byte)' ') + 1)..];
        return !version.SequenceEqual("HTTP/1.1"u8) && !version.SequenceEqual("HTTP/1.0"u8) && !version.SequenceEqual("HTTP/2.0"u8);
    }
}
