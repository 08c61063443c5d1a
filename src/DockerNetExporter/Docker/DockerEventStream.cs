using System.Text;

namespace DockerNetExporter.Docker;

/// <summary>
/// An open GET /events response. Once it exists, dockerd has registered the subscription and keeps
/// every later event for it, so a full sync taken after opening it misses nothing.
/// </summary>
/// <param name="lifetime">What else ends with the stream (the request's cancellation source).</param>
/// <param name="maxLineBytes">The longest line read (<see cref="DockerLimits.EventLineBytes"/>); a longer one ends the stream with <see cref="DockerAnswerTooLargeException"/>.</param>
internal sealed class DockerEventStream(Stream stream, IDisposable? lifetime = null, int maxLineBytes = DockerLimits.EventLineBytes) : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>
    /// Hands each event on as soon as its line is complete: dockerd writes one JSON object and a
    /// newline per event and flushes it, so nothing is held back until the next event arrives (the
    /// failure reported as dotnet/Docker.DotNet#576). The buffer grows to hold the longest line, up
    /// to the limit. Returns when dockerd closes the stream.
    /// </summary>
    public async Task ReadAsync(Action<DockerEvent> onEvent, CancellationToken cancellationToken)
    {
        // Closing the stream is what reliably ends a read blocked on the socket.
        await using var closeOnCancel = cancellationToken.Register(stream.Dispose);
        var buffer = new byte[Math.Min(InitialBufferBytes, maxLineBytes + 1)];
        int start = 0, end = 0;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Hand(buffer.AsSpan(start, newline), onEvent);
                start += newline + 1;
                continue;
            }

            if (end - start > maxLineBytes)
            {
                throw new DockerAnswerTooLargeException($"an events line is over {maxLineBytes >> 10} KiB");
            }

            // Make room: move the partial line to the front, and grow only if it fills the buffer.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            (start, end) = (0, end - start);
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                Hand(buffer.AsSpan(0, end), onEvent);
                return;
            }

            end += read;
        }
    }

    public void Dispose()
    {
        stream.Dispose();
        lifetime?.Dispose();
    }

    private static void Hand(ReadOnlySpan<byte> line, Action<DockerEvent> onEvent)
    {
        if (DockerModelConverter.ToEvent(Encoding.UTF8.GetString(line)) is { } dockerEvent)
        {
            onEvent(dockerEvent);
        }
    }
}
