using System.Text;

namespace DockerNetExporter.Docker;

/// <summary>
/// An open GET /events response. Once it exists, dockerd has registered the subscription and keeps
/// every later event for it, so a full sync taken after opening it misses nothing.
/// </summary>
/// <param name="lifetime">What else ends with the stream (the request's cancellation source).</param>
internal sealed class DockerEventStream(Stream stream, IDisposable? lifetime = null) : IDisposable
{
    /// <summary>
    /// Hands each event on as soon as its line is complete: dockerd writes one JSON object and a
    /// newline per event and flushes it, so nothing is held back until the next event arrives (the
    /// failure reported as dotnet/Docker.DotNet#576). Returns when dockerd closes the stream.
    /// </summary>
    public async Task ReadAsync(Action<DockerEvent> onEvent, CancellationToken cancellationToken)
    {
        // Closing the stream is what reliably ends a read blocked on the socket.
        await using var closeOnCancel = cancellationToken.Register(stream.Dispose);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (DockerModelConverter.ToEvent(line) is { } dockerEvent)
            {
                onEvent(dockerEvent);
            }
        }
    }

    public void Dispose()
    {
        stream.Dispose();
        lifetime?.Dispose();
    }
}
