using System.Security.Authentication;

namespace DockerNetExporter.Configuration;

/// <summary>
/// min_version and max_version as the exporter toolkit spells them (TLS10 to TLS13; TLS 1.2 and 1.3
/// by default). TLS 1.0 and 1.1 are not served here: .NET marks them obsolete and Debian's OpenSSL
/// refuses them at its default security level. So a min_version below TLS12 is taken as TLS12, and
/// said; a max_version below it would leave nothing to serve, and is refused.
/// </summary>
internal static class TlsVersions
{
    private const string Section = "tls_server_config";

    public static SslProtocols Protocols(string? min, string? max, ICollection<string> notices)
    {
        var lowest = Version(min, "min_version", 12);
        var highest = Version(max, "max_version", 13);
        if (lowest < 12)
        {
            notices.Add($"{Section}.min_version {min}: TLS 1.0 and 1.1 are not served here (.NET marks them obsolete and the system's OpenSSL refuses them), so the lowest version served is TLS 1.2");
        }

        if (highest < 12)
        {
            throw new InvalidDataException($"{Section}.max_version {max} leaves nothing to serve: this exporter serves TLS 1.2 and 1.3 only");
        }

        if (lowest > highest)
        {
            throw new InvalidDataException($"{Section}.min_version {min} is above max_version {max}: no version could be agreed");
        }

        // Explicit versions, not None (the system's choice): the file names them, and the toolkit's
        // default is exactly TLS 1.2 and 1.3.
#pragma warning disable CA5397
        return (lowest <= 12 ? SslProtocols.Tls12 : SslProtocols.None) | (highest >= 13 ? SslProtocols.Tls13 : SslProtocols.None);
#pragma warning restore CA5397
    }

    /// <summary>The lowest version offered is TLS 1.3: Go's HTTP/2 then asks nothing of the cipher suites.</summary>
    public static bool OnlyTls13(SslProtocols protocols) => protocols == SslProtocols.Tls13;

    private static int Version(string? text, string key, int fallback) => text switch
    {
        null or "" => fallback,
        "TLS10" => 10,
        "TLS11" => 11,
        "TLS12" => 12,
        "TLS13" => 13,
        _ => throw new InvalidDataException($"{Section}.{key} \"{text}\" is not a TLS version: want TLS10, TLS11, TLS12 or TLS13"),
    };
}
