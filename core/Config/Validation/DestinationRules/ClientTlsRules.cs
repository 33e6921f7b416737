using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>
/// Upstream TLS: MUTUAL needs a client certificate and key (or credentialName); ISTIO_MUTUAL uses the mesh's own
/// certificates, so it takes no certificate fields.
/// </summary>
internal static class ClientTlsRules
{
    public static void Validate(ValidationContext context, string path, ClientTlsSettings? tls)
    {
        if (tls is null)
        {
            return;
        }

        var hasFiles = tls.ClientCertificate is not null && tls.PrivateKey is not null;
        if (tls.Mode == ClientTlsMode.Mutual && !hasFiles && tls.CredentialName is null)
        {
            context.Add(path, "mode MUTUAL needs clientCertificate and privateKey, or credentialName");
        }

        if (tls.Mode == ClientTlsMode.IstioMutual &&
            (tls.ClientCertificate ?? tls.PrivateKey ?? tls.CaCertificates ?? tls.CredentialName) is not null)
        {
            context.Add(path, "mode ISTIO_MUTUAL uses the mesh certificates; remove clientCertificate, privateKey, caCertificates and credentialName");
        }
    }
}
