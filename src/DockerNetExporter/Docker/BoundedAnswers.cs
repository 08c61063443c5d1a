using System.Buffers;
using System.Text.Json;

namespace DockerNetExporter.Docker;

/// <summary>
/// Bounds each answer of the Docker API (<see cref="DockerLimits"/>) before Docker.DotNet or the
/// container list's parser sees it: Docker.DotNet buffers a body whole, however large, and turns it
/// into objects. Every answer is read whole within <see cref="DockerLimits.AnswerBytes"/>, and a
/// successful one must be JSON of few enough tokens, since each may become an object; but the
/// container list, parsed for its ids as it streams, is only counted, up to
/// <see cref="DockerLimits.ContainerListBytes"/>, and a successful events stream passes as it
/// comes (<see cref="DockerEventStream"/> bounds each of its lines); an error answer to it is read
/// within the limit like any other, since Docker.DotNet reads an error's body whole into a string.
/// </summary>
internal sealed class BoundedAnswers(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int ChunkBytes = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (DockerPaths.IsEvents(request.RequestUri) && response.IsSuccessStatusCode)
        {
            return response;
        }

        var what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        try
        {
            HttpContent content;
            if (response.IsSuccessStatusCode && DockerPaths.IsContainerList(request.RequestUri))
            {
                RefuseAnnouncedOver(response.Content, DockerLimits.ContainerListBytes, what);
                content = new StreamContent(new LengthLimitedStream(await response.Content.ReadAsStreamAsync(cancellationToken), DockerLimits.ContainerListBytes, what));
            }
            else
            {
                var (body, length) = await ReadWithinAsync(response.Content, what, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    CheckJsonTokens(body.AsSpan(0, length), what);
                }

                content = new ByteArrayContent(body, 0, length);
            }

            content.Headers.ContentType = response.Content.Headers.ContentType;
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static void RefuseAnnouncedOver(HttpContent content, long limit, string what)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new DockerAnswerTooLargeException($"the answer to {what} is over {limit >> 20} MiB");
        }
    }

    /// <summary>The body, read to its end unless it passes <see cref="DockerLimits.AnswerBytes"/>: then, or if it says it will, nothing more is read.</summary>
    private static async Task<(byte[] Body, int Length)> ReadWithinAsync(HttpContent content, string what, CancellationToken cancellationToken)
    {
        RefuseAnnouncedOver(content, DockerLimits.AnswerBytes, what);
        using var body = new MemoryStream((int)(content.Headers.ContentLength ?? ChunkBytes));
        await using var stream = new LengthLimitedStream(await content.ReadAsStreamAsync(cancellationToken), DockerLimits.AnswerBytes, what);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (body.GetBuffer(), (int)body.Length);
    }

    /// <summary>Throws <see cref="JsonException"/> if the body is not one JSON value, <see cref="DockerAnswerTooLargeException"/> if it has too many tokens.</summary>
    private static void CheckJsonTokens(ReadOnlySpan<byte> json, string what)
    {
        var reader = new Utf8JsonReader(json);
        for (var tokens = 1; reader.Read(); tokens++)
        {
            if (tokens > DockerLimits.AnswerJsonTokens)
            {
                throw new DockerAnswerTooLargeException($"the answer to {what} has over {DockerLimits.AnswerJsonTokens} JSON tokens");
            }
        }
    }
}
