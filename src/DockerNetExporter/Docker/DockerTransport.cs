using System.Net.Sockets;
using Docker.DotNet.Handler.Abstractions;

namespace DockerNetExporter.Docker;

/// <summary>
/// The HTTP client under the Docker API: .NET's SocketsHttpHandler (strict HTTP/1.1 parsing, headers
/// bounded, no proxy, no redirects, no decompression) over the Unix socket or TCP, then
/// <see cref="BoundedAnswers"/>. Docker.DotNet is handed this chain in place of its own HTTP client
/// for Unix sockets, which reads any number of header lines. The exporter never attaches to a
/// container, so no stream is ever hijacked.
/// </summary>
internal sealed class DockerTransport : IDockerHandlerFactory<HttpMessageHandler>
{
    public static DockerTransport Instance { get; } = new();

    /// <summary>The handler chain for <paramref name="dockerHost"/> (unix:///path or tcp://host:port).</summary>
    public static HttpMessageHandler CreateHandler(Uri dockerHost)
    {
        var sockets = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxResponseHeadersLength = DockerLimits.HeadersKib,
            MaxConnectionsPerServer = DockerLimits.Connections,
        };
        if (dockerHost.Scheme == "unix")
        {
            var socketPath = dockerHost.LocalPath;
            sockets.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable && !File.Exists(socketPath))
                {
                    // .NET reports connect(2)'s ENOENT on a Unix socket as EADDRNOTAVAIL's text,
                    // "Cannot assign requested address": the socket file is not there.
                    socket.Dispose();
                    // Without the SocketException inside: the failure's detail is its innermost message.
                    throw new IOException($"{socketPath}: no such file (is Docker running, and is that its socket?)");
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new BoundedAnswers(sockets);
    }

    /// <summary>Where requests go: over a Unix socket the host name is only a header dockerd ignores.</summary>
    public static Uri BaseAddress(Uri dockerHost) =>
        dockerHost.Scheme == "unix" ? new Uri("http://docker/") : new UriBuilder(dockerHost) { Scheme = Uri.UriSchemeHttp, Path = "/" }.Uri;

    /// <summary>Docker.DotNet's way in: the chain made by <see cref="CreateHandler(Uri)"/>.</summary>
    public ResolvedTransport CreateHandler(HttpMessageHandler transportOptions, ResolvedClientOptions clientOptions, ILogger logger) =>
        new(transportOptions, BaseAddress(clientOptions.Endpoint));

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        CreateHandler(CreateHandler(clientOptions.Endpoint), clientOptions, logger);

    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        throw new NotSupportedException("the exporter never attaches to a container's streams");
}
