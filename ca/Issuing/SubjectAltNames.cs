using System.Formats.Asn1;

namespace GatewayMesh.Ca.Issuing;

/// <summary>Reads the URI entries of a subject alternative name extension, counting the entries of any other kind.</summary>
internal static class SubjectAltNames
{
    public const string Oid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static bool TryRead(byte[] rawData, List<string> uris, ref int otherNames)
    {
        try
        {
            var reader = new AsnReader(rawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                if (names.PeekTag() == UriTag)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                    otherNames++;
                }
            }

            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
