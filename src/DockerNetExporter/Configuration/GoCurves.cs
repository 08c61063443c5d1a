namespace DockerNetExporter.Configuration;

/// <summary>
/// curve_preferences by the exporter toolkit's names. Checked, and not applied: .NET has no setting
/// for the key exchange groups of a TLS server, so the system's OpenSSL offers its own (on OpenSSL 3:
/// X25519, P-256, X448, P-521, P-384), and a client that offers only a curve the list leaves out
/// still connects. Said once at each load.
/// </summary>
internal static class GoCurves
{
    private const string Key = "tls_server_config.curve_preferences";

    private static readonly string[] Names = ["CurveP256", "CurveP384", "CurveP521", "X25519"];

    public static void Check(IReadOnlyList<string>? names, ICollection<string> notices)
    {
        if (names is null || names.Count == 0)
        {
            return;
        }

        if (names.FirstOrDefault(name => !Names.Contains(name, StringComparer.Ordinal)) is { } unknown)
        {
            throw new InvalidDataException($"{Key}: unknown curve \"{unknown}\"; want {string.Join(", ", Names)}");
        }

        notices.Add($"{Key} ({string.Join(", ", names)}) is checked but not applied: .NET sets no key exchange groups for a TLS server, so the system's OpenSSL offers its own (X25519, P-256, X448, P-521, P-384 on OpenSSL 3)");
    }
}
