using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Where a server's certificate, key and client CA are read from, and the field each came from. A <c>credentialName</c>
/// is a folder of the credentials folder holding Kubernetes TLS Secret keys (<c>tls.crt</c>, <c>tls.key</c>, and
/// <c>ca.crt</c> for MUTUAL), so a Secret maps to it one to one; the client CA may instead come from a separate
/// <c>&lt;credentialName&gt;-cacert</c> credential or from <c>caCertCredentialName</c>, as Istio accepts. The file
/// form (<c>serverCertificate</c>, <c>privateKey</c>, <c>caCertificates</c>) names files directly.
/// </summary>
internal sealed partial record CredentialPaths(string Certificate, string Key, string? Ca, string CertificateField, string? CaField)
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";
    public const string CaFile = "ca.crt";
    public const string CaCredentialSuffix = "-cacert";

    /// <summary>The paths of <paramref name="server"/>, or an error naming the field that cannot be resolved.</summary>
    public static (CredentialPaths? Paths, string? Error) Resolve(GatewayTlsServer server, string? credentialsDir)
    {
        var tls = server.Tls;
        var mutual = tls.Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
        var credential = tls.CredentialName ?? (tls.CredentialNames.IsEmpty ? null : tls.CredentialNames[0]);
        var files = tls.TlsCertificates.IsEmpty ? null : tls.TlsCertificates[0];
        string certificate, key, certificateField;
        string? ca = null, caField = null;
        if (credential is not null)
        {
            certificateField = server.Field(tls.CredentialName is null ? "credentialNames[0]" : "credentialName");
            if (Folder(credential, credentialsDir, certificateField) is { Error: { } error })
            {
                return (null, error);
            }

            var folder = Path.Combine(credentialsDir!, credential);
            (certificate, key) = (Path.Combine(folder, CertificateFile), Path.Combine(folder, KeyFile));
            if (mutual && tls.CaCertificates is null && tls.CaCertCredentialName is null)
            {
                var own = Path.Combine(folder, CaFile);
                (ca, caField) = (File.Exists(own) ? own : Path.Combine(credentialsDir!, credential + CaCredentialSuffix, CaFile), certificateField);
            }
        }
        else if ((tls.ServerCertificate ?? files?.ServerCertificate) is { } certificatePath && (tls.PrivateKey ?? files?.PrivateKey) is { } keyPath)
        {
            (certificate, key, certificateField) = (certificatePath, keyPath, server.Field(tls.ServerCertificate is null ? "tlsCertificates[0].serverCertificate" : "serverCertificate"));
        }
        else
        {
            return (null, $"{server.Field("credentialName")}: no certificate: set credentialName, or serverCertificate and privateKey");
        }

        if (mutual && (tls.CaCertificates ?? files?.CaCertificates) is { } caPath)
        {
            (ca, caField) = (caPath, server.Field("caCertificates"));
        }
        else if (mutual && tls.CaCertCredentialName is { } caCredential)
        {
            caField = server.Field("caCertCredentialName");
            if (Folder(caCredential, credentialsDir, caField) is { Error: { } error })
            {
                return (null, error);
            }

            ca = Path.Combine(credentialsDir!, caCredential, CaFile);
        }

        return (new CredentialPaths(certificate, key, ca, certificateField, caField), null);
    }

    private static (string? Ok, string? Error) Folder(string name, string? credentialsDir, string field)
    {
        if (credentialsDir is null)
        {
            return (null, $"{field}: credential '{name}' cannot be resolved: the ingress has no credentials folder (--credentials-dir)");
        }

        // A Kubernetes object name, so it can never leave the credentials folder.
        return SecretName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal)
            ? (name, null)
            : (null, $"{field}: '{name}' is not a valid credential name (lower-case letters, digits, '-' and '.', as a Kubernetes Secret name)");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex SecretName();
}
