using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Core.Identity;

/// <summary>
/// A workload identity, <c>spiffe://&lt;trust-domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service-account&gt;</c>, as Istio
/// names it. Certificates carry it as their only URI subject alternative name; authorization policies name it as a
/// principal without the scheme (<see cref="Principal"/>).
/// </summary>
public sealed record SpiffeId(string TrustDomain, string Namespace, string ServiceAccount)
{
    public const string DefaultTrustDomain = "cluster.local";
    private const string Scheme = "spiffe://";
    private const int MaxLength = 2048;

    /// <summary>Istio's principal form: <c>&lt;trust-domain&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>.</summary>
    public string Principal => $"{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    public override string ToString() => Scheme + Principal;

    public Uri ToUri() => new(ToString());

    public static SpiffeId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SpiffeId? id) => TryParse(text, out id, out _);

    /// <summary>Parses the URI form; <paramref name="error"/> says what is wrong when it is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SpiffeId? id, out string error)
    {
        id = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = $"a SPIFFE ID must be 1 to {MaxLength} characters";
            return false;
        }

        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"'{text}' is not a SPIFFE ID: it must start with '{Scheme}'";
            return false;
        }

        var parts = text[Scheme.Length..].Split('/');
        if (parts.Length != 5 || parts[1] != "ns" || parts[3] != "sa")
        {
            error = $"'{text}' is not a workload SPIFFE ID: expected {Scheme}<trust-domain>/ns/<namespace>/sa/<service-account>";
            return false;
        }

        if (!IsSegment(parts[0]) || !IsSegment(parts[2]) || !IsSegment(parts[4]))
        {
            error = $"'{text}' has an empty or invalid segment: segments use letters, digits, '.', '-' and '_'";
            return false;
        }

        id = new SpiffeId(parts[0], parts[2], parts[4]);
        error = "";
        return true;
    }

    /// <summary>
    /// The SPIFFE ID a certificate carries: its single <c>spiffe://</c> URI SAN. Null when it has none, or more than
    /// one (a workload certificate names exactly one identity).
    /// </summary>
    public static SpiffeId? FromCertificate(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        SpiffeId? found = null;
        foreach (var uri in UriSubjectAlternativeNames(certificate))
        {
            if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (found is not null || !TryParse(uri, out found))
            {
                return null;
            }
        }

        return found;
    }

    /// <summary>Every URI entry of the certificate's subject alternative name extension.</summary>
    public static IEnumerable<string> UriSubjectAlternativeNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            var names = new List<string>();
            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                while (reader.HasData)
                {
                    if (reader.PeekTag() == uriTag)
                    {
                        names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                    }
                    else
                    {
                        reader.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                yield break;
            }

            foreach (var name in names)
            {
                yield return name;
            }
        }
    }

    private static bool IsSegment(string segment) =>
        segment.Length is > 0 and <= 253 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
