using DockerNetExporter.Http;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Http;

/// <summary>The SANs client_allowed_sans is matched against, written as Go prints them.</summary>
public sealed class SubjectAlternativeNamesTests
{
    [Fact]
    public void DNS_names_emails_IP_addresses_and_URIs_are_read_in_Go_s_spelling()
    {
        using var certificate = TestCertificates.Leaf(
            "client", null, TestCertificates.ClientAuthentication,
            "prometheus.example", "ops@example.org", "127.0.0.1", "2001:db8:0:0::1", "::ffff:10.0.0.7", "spiffe://example.org/prometheus");

        Assert.Equal(
            ["prometheus.example", "ops@example.org", "127.0.0.1", "2001:db8::1", "10.0.0.7", "spiffe://example.org/prometheus"],
            SubjectAlternativeNames.Of(certificate));
    }

    [Fact]
    public void A_certificate_without_SANs_has_none_not_its_common_name()
    {
        using var certificate = TestCertificates.Leaf("prometheus", null, TestCertificates.ClientAuthentication);

        Assert.Empty(SubjectAlternativeNames.Of(certificate));
    }
}
