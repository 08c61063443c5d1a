using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace DockerNetExporter.Http;

/// <summary>
/// Each TLS handshake takes the web config in force at that moment, as the toolkit's
/// GetConfigForClient does: a rotated certificate, key or client CA serves the next connection,
/// and connections already open keep theirs. HTTP/2 is offered by ALPN unless http2 is false.
/// </summary>
internal static class TlsHandshake
{
    private static readonly List<SslApplicationProtocol> Http1AndHttp2 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http1Only = [SslApplicationProtocol.Http11];

    public static TlsHandshakeCallbackOptions Options(WebConfigReloader web, ILogger logger) => new()
    {
        OnConnection = _ => ValueTask.FromResult(For(web.Current, logger)),
    };

    public static SslServerAuthenticationOptions For(WebConfig config, ILogger logger)
    {
        // The reloader keeps TLS on once it is on.
        var tls = config.Tls!;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = tls.CertificateContext,
            EnabledSslProtocols = tls.Protocols,
            ClientCertificateRequired = tls.ClientAuthType != ClientAuthType.NoClientCert,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = config.HttpServer.Http2 ? Http1AndHttp2 : Http1Only,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                var refusal = ClientCertificateTrust.Refusal(certificate, chain, tls);
                if (refusal is not null)
                {
                    Log.ClientCertificateRefused(logger, certificate?.Subject ?? "(none)", refusal);
                }

                return refusal is null;
            },
        };
        if (!OperatingSystem.IsWindows())
        {
            options.CipherSuitesPolicy = tls.CipherSuites;
        }

        return options;
    }
}
