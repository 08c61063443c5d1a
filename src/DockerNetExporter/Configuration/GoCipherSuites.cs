using System.Net.Security;

namespace DockerNetExporter.Configuration;

/// <summary>
/// cipher_suites by the names the exporter toolkit takes: those of Go's tls.CipherSuites(), which
/// are the IANA names .NET's <see cref="TlsCipherSuite"/> uses. They become a
/// <see cref="CipherSuitesPolicy"/> (OpenSSL's cipher list, honoured on Linux) that keeps Go's
/// meaning: the list chooses which of TLS 1.2's suites are offered, not their order, which is Go's
/// own (since Go 1.17: AES-GCM before ChaCha20 before CBC, forward secrecy first, and AES-128
/// before AES-256), so that a server here picks the suite node_exporter picks; TLS 1.3 offers all
/// three of its own whatever the list says (Go does not let a config choose them either).
/// </summary>
internal static class GoCipherSuites
{
    private const string Key = "tls_server_config.cipher_suites";

    private static readonly TlsCipherSuite[] Tls13 =
        [TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    // In Go's order of preference (crypto/tls cipherSuitesPreferenceOrder, on hardware with AES).
    private static readonly TlsCipherSuite[] Preferred =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    ];

    private static readonly Dictionary<string, TlsCipherSuite> ByName = Preferred.Concat(Tls13).ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    // Go's HTTP/2 server refuses to start on TLS 1.2 without one of these (RFC 7540, 9.2.2).
    private static readonly TlsCipherSuite[] Http2Required =
        [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    /// <returns>null when the list is not given: the system's OpenSSL then chooses, as Go's defaults would.</returns>
    /// <param name="http2">Whether HTTP/2 is offered, which on TLS 1.2 needs an AES-128-GCM suite, as Go checks at start.</param>
    public static CipherSuitesPolicy? Policy(IReadOnlyList<string>? names, bool http2, bool onlyTls13, ICollection<string> notices)
    {
        if (names is null || names.Count == 0)
        {
            return null;
        }

        var suites = names.Select(name => ByName.TryGetValue(name, out var suite)
            ? suite
            : throw new InvalidDataException($"{Key}: unknown cipher \"{name}\"; Go's names are {string.Join(", ", ByName.Keys)}")).ToList();
        if (suites.Intersect(Tls13).Any())
        {
            notices.Add($"{Key} lists TLS 1.3 suites, which have no effect, in Go as here: TLS 1.3 always offers {string.Join(", ", Tls13)}");
        }

        if (http2 && !onlyTls13 && !suites.Intersect(Http2Required).Any())
        {
            throw new InvalidDataException(
                $"{Key} has none of the AES-128-GCM suites HTTP/2 requires on TLS 1.2 ({string.Join(" or ", Http2Required)}): add one, or set http_server_config.http2 to false, or min_version to TLS13");
        }

        // The exporter is built for Linux, where OpenSSL honours the policy; Windows's SChannel has no such setting.
        return OperatingSystem.IsWindows()
            ? throw new InvalidDataException($"{Key} cannot be applied on Windows")
            : new CipherSuitesPolicy(Preferred.Intersect(suites).Concat(Tls13));
    }
}
