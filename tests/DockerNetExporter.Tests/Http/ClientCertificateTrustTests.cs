using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;
using DockerNetExporter.Http;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Http;

/// <summary>Each client_auth_type against no certificate, a good one, strangers, and client_allowed_sans.</summary>
public sealed class ClientCertificateTrustTests
{
    private static readonly X509Certificate2 Root = TestCertificates.Authority("clients root");
    private static readonly X509Certificate2 Intermediate = TestCertificates.Authority("clients intermediate", Root);
    private static readonly X509Certificate2 Good = TestCertificates.Leaf("prometheus", Root, TestCertificates.ClientAuthentication, "prometheus.example");
    private static readonly X509Certificate2 ViaIntermediate = TestCertificates.Leaf("prometheus", Intermediate, TestCertificates.ClientAuthentication);
    private static readonly X509Certificate2 ServerOnly = TestCertificates.Leaf("prometheus", Root, TestCertificates.ServerAuthentication);
    private static readonly X509Certificate2 Stranger = TestCertificates.Leaf("stranger", null, TestCertificates.ClientAuthentication, "prometheus.example");

    [Theory]
    [InlineData("NoClientCert", true)]
    [InlineData("RequestClientCert", true)]
    [InlineData("VerifyClientCertIfGiven", true)]
    [InlineData("RequireAnyClientCert", false)]
    [InlineData("RequireAndVerifyClientCert", false)]
    public void No_certificate_is_accepted_unless_one_is_required(string type, bool accepted)
    {
        Assert.Equal(accepted, ClientCertificateTrust.Refusal(null, null, Settings(ClientAuthTypes.Parse(type), [Root])) is null);
    }

    [Theory]
    [InlineData("RequestClientCert")]
    [InlineData("RequireAnyClientCert")]
    public void The_unverified_types_take_any_certificate(string type)
    {
        Assert.Null(ClientCertificateTrust.Refusal(Stranger, null, Settings(ClientAuthTypes.Parse(type), null)));
        Assert.Null(ClientCertificateTrust.Refusal(ServerOnly, null, Settings(ClientAuthTypes.Parse(type), null)));
    }

    [Theory]
    [InlineData("VerifyClientCertIfGiven")]
    [InlineData("RequireAndVerifyClientCert")]
    public void The_verifying_types_take_only_a_client_authentication_certificate_of_the_client_CA(string type)
    {
        var tls = Settings(ClientAuthTypes.Parse(type), [Root]);

        Assert.Null(ClientCertificateTrust.Refusal(Good, null, tls));
        Assert.Equal("it does not chain to client_ca_file for client authentication", ClientCertificateTrust.Refusal(Stranger, null, tls));
        Assert.NotNull(ClientCertificateTrust.Refusal(ServerOnly, null, tls));
    }

    [Fact]
    public void An_intermediate_counts_when_the_client_sends_it()
    {
        var tls = Settings(ClientAuthType.RequireAndVerifyClientCert, [Root]);
        using var sent = new X509Chain();
        sent.ChainPolicy.ExtraStore.Add(Intermediate);
        sent.Build(ViaIntermediate);

        Assert.Null(ClientCertificateTrust.Refusal(ViaIntermediate, sent, tls));
        Assert.NotNull(ClientCertificateTrust.Refusal(ViaIntermediate, null, tls));
    }

    [Fact]
    public void Without_a_client_CA_the_system_s_CAs_decide_and_a_test_CA_is_not_one_of_them()
    {
        var refusal = ClientCertificateTrust.Refusal(Good, null, Settings(ClientAuthType.VerifyClientCertIfGiven, null));

        Assert.Equal("it does not chain to a CA the system trusts for client authentication (no client_ca_file is set)", refusal);
    }

    [Fact]
    public void With_client_allowed_sans_one_SAN_must_be_listed_exactly()
    {
        Assert.Null(ClientCertificateTrust.Refusal(Good, null, Settings(ClientAuthType.RequireAndVerifyClientCert, [Root], ["other", "prometheus.example"])));
        Assert.Equal(
            "none of its SANs (prometheus.example) is in client_allowed_sans",
            ClientCertificateTrust.Refusal(Good, null, Settings(ClientAuthType.RequireAndVerifyClientCert, [Root], ["PROMETHEUS.example", "prometheus"])));

        // Unverified, the SAN check still applies, as the toolkit's VerifyPeerCertificate does.
        Assert.Null(ClientCertificateTrust.Refusal(Stranger, null, Settings(ClientAuthType.RequireAnyClientCert, null, ["prometheus.example"])));
        Assert.NotNull(ClientCertificateTrust.Refusal(Stranger, null, Settings(ClientAuthType.RequireAnyClientCert, null, ["grafana.example"])));
    }

    private static TlsSettings Settings(ClientAuthType type, X509Certificate2Collection? ca, IReadOnlyList<string>? sans = null) =>
        new(Good, SslStreamCertificateContextOf(Good), type, ca, sans, System.Security.Authentication.SslProtocols.None, null);

    private static System.Net.Security.SslStreamCertificateContext SslStreamCertificateContextOf(X509Certificate2 certificate) =>
        System.Net.Security.SslStreamCertificateContext.Create(certificate, null, offline: true);
}
