using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// One HTTP/1.1 request over a connection of its own, plain or TLS, with what a client controls
/// (the CAs it trusts, a client certificate, the cipher suites and ALPN protocols it offers), and
/// what came back: whether the handshake and the request went through, the suite and protocol
/// agreed, the status and headers. As the toolkit's tls_config_test.go does, with a .NET client.
/// </summary>
internal static class TlsProbe
{
    /// <param name="Trusted">The CAs the client trusts for the server's certificate, issued for "localhost".</param>
    /// <param name="Alpn">Offered by ALPN; the request is sent only if HTTP/1.1 is agreed (or none).</param>
    internal sealed record Options(
        X509Certificate2Collection? Trusted = null,
        X509Certificate2? ClientCertificate = null,
        TlsCipherSuite[]? CipherSuites = null,
        SslProtocols Protocols = SslProtocols.None,
        SslApplicationProtocol[]? Alpn = null,
        string? Credentials = null,
        string Path = "/");

    /// <param name="Failure">Why the connection gave no answer (the handshake failed, or the server closed it), or null.</param>
    internal sealed record Result(string? Failure, TlsCipherSuite? CipherSuite, string? Protocol, int? Status, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>The thumbprint of the certificate the server presented, if TLS.</summary>
        public string? ServerThumbprint { get; init; }

        public override string ToString() => Failure ?? $"{Status} ({Protocol}, {CipherSuite})";
    }

    public static Task<Result> PlainAsync(int port, string? credentials = null) => SendAsync(port, tls: false, new Options(Credentials: credentials));

    public static Task<Result> TlsAsync(int port, Options options) => SendAsync(port, tls: true, options);

    private static async Task<Result> SendAsync(int port, bool tls, Options options)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
        }
        catch (SocketException e)
        {
            return new Result($"cannot connect: {e.Message}", null, null, null, new Dictionary<string, string>());
        }

        Stream stream = client.GetStream();
        TlsCipherSuite? suite = null;
        string? protocol = null;
        string? thumbprint = null;
        if (tls)
        {
            var ssl = new SslStream(stream);
            stream = ssl;
            try
            {
                await ssl.AuthenticateAsClientAsync(ClientOptions(options), deadline.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return new Result($"handshake failed: {e.Message}", null, null, null, new Dictionary<string, string>());
            }

            thumbprint = ssl.RemoteCertificate?.GetCertHashString();
            suite = ssl.NegotiatedCipherSuite;
            protocol = ssl.NegotiatedApplicationProtocol.ToString();
            if (protocol is not ("" or "http/1.1"))
            {
                return new Result(null, suite, protocol, null, new Dictionary<string, string>());
            }
        }

        await using (stream)
        {
            try
            {
                var authorization = options.Credentials is null ? "" : $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Credentials))}\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {options.Path} HTTP/1.1\r\nHost: localhost\r\n{authorization}Connection: close\r\n\r\n"), deadline.Token);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var answer = await reader.ReadToEndAsync(deadline.Token);
                return Parse(answer, suite, protocol) with { ServerThumbprint = thumbprint };
            }
            catch (Exception e) when (e is IOException or AuthenticationException)
            {
                // With TLS 1.3 the server refuses a client certificate after the client's handshake has ended.
                return new Result($"closed by the server: {e.Message}", suite, protocol, null, new Dictionary<string, string>());
            }
        }
    }

    private static SslClientAuthenticationOptions ClientOptions(Options options)
    {
        var client = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = options.Protocols,
            ApplicationProtocols = [.. options.Alpn ?? [SslApplicationProtocol.Http11]],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || options.Trusted is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(options.Trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
        if (options.ClientCertificate is { } certificate)
        {
            // Sent whatever CAs the server names, as Go's GetClientCertificate in the toolkit's test does.
            client.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (options.CipherSuites is { } suites && !OperatingSystem.IsWindows())
        {
            client.CipherSuitesPolicy = new CipherSuitesPolicy(suites);
        }

        return client;
    }

    private static Result Parse(string answer, TlsCipherSuite? suite, string? protocol)
    {
        var head = answer.Split("\r\n\r\n", 2)[0].Split("\r\n");
        var parts = head[0].Split(' ');
        if (parts.Length < 2 || !int.TryParse(parts[1], out var status))
        {
            return new Result($"no HTTP answer: \"{head[0]}\"", suite, protocol, null, new Dictionary<string, string>());
        }

        var headers = head.Skip(1).Select(line => line.Split(": ", 2)).Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.OrdinalIgnoreCase);
        return new Result(null, suite, protocol, status, headers);
    }
}
