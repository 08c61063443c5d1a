namespace DockerNetExporter.Configuration;

/// <summary>
/// Go's tls.ClientAuthType, by the names the exporter toolkit takes in client_auth_type
/// (RequireClientCert too, its old name for RequireAnyClientCert).
/// </summary>
internal enum ClientAuthType
{
    /// <summary>No certificate is asked for (the default).</summary>
    NoClientCert,

    /// <summary>Asked for; none, or any, is accepted.</summary>
    RequestClientCert,

    /// <summary>One is required; any is accepted, unverified.</summary>
    RequireAnyClientCert,

    /// <summary>Asked for; none is accepted, one that is sent must verify.</summary>
    VerifyClientCertIfGiven,

    /// <summary>One is required and must verify.</summary>
    RequireAndVerifyClientCert,
}

internal static class ClientAuthTypes
{
    public static ClientAuthType Parse(string? text) => text switch
    {
        null or "" or nameof(ClientAuthType.NoClientCert) => ClientAuthType.NoClientCert,
        nameof(ClientAuthType.RequestClientCert) => ClientAuthType.RequestClientCert,
        nameof(ClientAuthType.RequireAnyClientCert) or "RequireClientCert" => ClientAuthType.RequireAnyClientCert,
        nameof(ClientAuthType.VerifyClientCertIfGiven) => ClientAuthType.VerifyClientCertIfGiven,
        nameof(ClientAuthType.RequireAndVerifyClientCert) => ClientAuthType.RequireAndVerifyClientCert,
        _ => throw new InvalidDataException(
            $"tls_server_config.client_auth_type \"{text}\" is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
    };

    /// <summary>Whether a certificate the client sends must chain to a trusted CA.</summary>
    public static bool Verifies(this ClientAuthType type) => type is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;

    /// <summary>Whether the handshake fails without a client certificate.</summary>
    public static bool Requires(this ClientAuthType type) => type is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert;
}
