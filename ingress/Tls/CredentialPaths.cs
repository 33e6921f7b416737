using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// One PEM of a credential: a key of a named credential (<see cref="Credential"/> set; read from the
/// <see cref="ICredentialStore"/>), or a file the Gateway names (<see cref="Credential"/> null, <see cref="Key"/> is the
/// path). <see cref="Display"/> says where it is, for messages.
/// </summary>
internal sealed record CredentialItem(string? Credential, string Key, string Display)
{
    public static CredentialItem File(string path) => new(null, path, path);

    public static CredentialItem Named(ICredentialStore store, string credential, string key) => new(credential, key, store.Describe(credential, key));

    public string Read(ICredentialStore? store, string field, string what) =>
        Credential is { } name ? store!.Read(name, Key, field, what) : CredentialFile.Read(Key, field, what);

    public override string ToString() => Display;
}

/// <summary>
/// Where a server's certificate, key and client CA are read from, and the field each came from. A <c>credentialName</c>
/// names a credential of the <see cref="ICredentialStore"/> holding Kubernetes TLS Secret keys (<c>tls.crt</c>,
/// <c>tls.key</c>, and <c>ca.crt</c> for MUTUAL); the client CA may instead come from a separate
/// <c>&lt;credentialName&gt;-cacert</c> credential or from <c>caCertCredentialName</c>, as Istio accepts. The file
/// form (<c>serverCertificate</c>, <c>privateKey</c>, <c>caCertificates</c>) names files directly.
/// </summary>
internal sealed partial record CredentialPaths(CredentialItem Certificate, CredentialItem Key, CredentialItem? Ca, string CertificateField, string? CaField)
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";
    public const string CaFile = "ca.crt";
    public const string CaCredentialSuffix = "-cacert";

    /// <summary>Every credential name <paramref name="server"/> may read (valid names only), so a store can follow them.</summary>
    public static IEnumerable<string> Names(GatewayTlsServer server)
    {
        var tls = server.Tls;
        var credential = tls.CredentialName ?? (tls.CredentialNames.IsEmpty ? null : tls.CredentialNames[0]);
        var mutual = tls.Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
        string?[] names = [credential, mutual && credential is not null ? credential + CaCredentialSuffix : null, mutual ? tls.CaCertCredentialName : null];
        return names.OfType<string>().Where(IsCredentialName);
    }

    /// <summary>The paths of <paramref name="server"/>, or an error naming the field that cannot be resolved.</summary>
    public static (CredentialPaths? Paths, string? Error) Resolve(GatewayTlsServer server, ICredentialStore? store)
    {
        var tls = server.Tls;
        var mutual = tls.Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
        var credential = tls.CredentialName ?? (tls.CredentialNames.IsEmpty ? null : tls.CredentialNames[0]);
        var files = tls.TlsCertificates.IsEmpty ? null : tls.TlsCertificates[0];
        CredentialItem certificate, key;
        CredentialItem? ca = null;
        string certificateField;
        string? caField = null;
        if (credential is not null)
        {
            certificateField = server.Field(tls.CredentialName is null ? "credentialNames[0]" : "credentialName");
            if (Check(credential, store, certificateField) is { } error)
            {
                return (null, error);
            }

            (certificate, key) = (CredentialItem.Named(store!, credential, CertificateFile), CredentialItem.Named(store!, credential, KeyFile));
            if (mutual && tls.CaCertificates is null && tls.CaCertCredentialName is null)
            {
                var caCredential = store!.Has(credential, CaFile) ? credential : credential + CaCredentialSuffix;
                (ca, caField) = (CredentialItem.Named(store, caCredential, CaFile), certificateField);
            }
        }
        else if ((tls.ServerCertificate ?? files?.ServerCertificate) is { } certificatePath && (tls.PrivateKey ?? files?.PrivateKey) is { } keyPath)
        {
            (certificate, key, certificateField) = (CredentialItem.File(certificatePath), CredentialItem.File(keyPath), server.Field(tls.ServerCertificate is null ? "tlsCertificates[0].serverCertificate" : "serverCertificate"));
        }
        else
        {
            return (null, $"{server.Field("credentialName")}: no certificate: set credentialName, or serverCertificate and privateKey");
        }

        if (mutual && (tls.CaCertificates ?? files?.CaCertificates) is { } caPath)
        {
            (ca, caField) = (CredentialItem.File(caPath), server.Field("caCertificates"));
        }
        else if (mutual && tls.CaCertCredentialName is { } caCredential)
        {
            caField = server.Field("caCertCredentialName");
            if (Check(caCredential, store, caField) is { } error)
            {
                return (null, error);
            }

            ca = CredentialItem.Named(store!, caCredential, CaFile);
        }

        return (new CredentialPaths(certificate, key, ca, certificateField, caField), null);
    }

    private static string? Check(string name, ICredentialStore? store, string field)
    {
        if (store is null)
        {
            return $"{field}: credential '{name}' cannot be resolved: the ingress has no credentials folder (--credentials-dir) or Secrets namespace (--credentials-secrets-namespace)";
        }

        return IsCredentialName(name)
            ? null
            : $"{field}: '{name}' is not a valid credential name (lower-case letters, digits, '-' and '.', as a Kubernetes Secret name)";
    }

    // A Kubernetes object name, so it can never leave the credentials folder.
    private static bool IsCredentialName(string name) => SecretName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex SecretName();
}
