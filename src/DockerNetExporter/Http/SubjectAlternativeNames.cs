using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DockerNetExporter.Http;

/// <summary>
/// A certificate's subject alternative names as the exporter toolkit matches client_allowed_sans
/// against them: its DNS names, email addresses, IP addresses (as Go prints them: dotted for IPv4,
/// an IPv4-mapped IPv6 address too) and URIs, as written. Other kinds of name are not matched. A
/// malformed extension gives none, so the certificate matches nothing.
/// </summary>
internal static class SubjectAlternativeNames
{
    private const string ExtensionOid = "2.5.29.17";
    private static readonly Asn1Tag Email = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag Dns = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag Uri = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag IpAddress = new(TagClass.ContextSpecific, 7);

    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != ExtensionOid)
            {
                continue;
            }

            try
            {
                var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (sequence.HasData)
                {
                    var tag = sequence.PeekTag();
                    if (tag.HasSameClassAndValue(Email) || tag.HasSameClassAndValue(Dns) || tag.HasSameClassAndValue(Uri))
                    {
                        names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    }
                    else if (tag.HasSameClassAndValue(IpAddress) && sequence.ReadOctetString(tag) is { Length: 4 or 16 } address)
                    {
                        var ip = new IPAddress(address);
                        names.Add((ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString());
                    }
                    else
                    {
                        sequence.ReadEncodedValue();
                    }
                }
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException)
            {
                return [];
            }
        }

        return names;
    }
}
