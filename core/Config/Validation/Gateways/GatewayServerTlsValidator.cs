using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Gateways;

/// <summary>
/// Server TLS: HTTPS and TLS servers need tls settings; HTTPS terminates (SIMPLE, MUTUAL...), only TLS servers pass
/// through; terminating modes need a certificate; plain-text servers may only set httpsRedirect.
/// </summary>
internal static class GatewayServerTlsValidator
{
    public static void Validate(ValidationContext context, Gateway resource)
    {
        for (var i = 0; i < resource.Spec.Servers.Count; i++)
        {
            var server = resource.Spec.Servers[i];
            var protocol = server.Port?.Protocol;
            var path = $"spec.servers[{i}].tls";
            var isHttps = ProtocolRules.Is(protocol, "HTTPS");
            var isTls = ProtocolRules.Is(protocol, "TLS");
            if (server.Tls is not { } tls)
            {
                if (isHttps || isTls)
                {
                    context.Add(path, $"{protocol!.ToUpperInvariant()} servers need tls settings");
                }

                continue;
            }

            if (!isHttps && !isTls)
            {
                if (tls with { HttpsRedirect = null } != new ServerTlsSettings())
                {
                    context.Add(path, "plain-text servers may only set tls.httpsRedirect; use protocol HTTPS or TLS to terminate TLS");
                }

                continue;
            }

            Mode(context, path, tls, isHttps);
        }
    }

    private static void Mode(ValidationContext context, string path, ServerTlsSettings tls, bool isHttps)
    {
        var mode = tls.Mode ?? ServerTlsMode.Passthrough;
        if (isHttps && mode is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough)
        {
            context.Add($"{path}.mode", $"HTTPS servers terminate TLS: set mode SIMPLE or MUTUAL (PASSTHROUGH and AUTO_PASSTHROUGH are only for TLS servers), got {ModeName(mode)}");
            return;
        }

        if (mode is not (ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual))
        {
            return;
        }

        var hasCredential = tls.CredentialName is not null || !tls.CredentialNames.IsEmpty;
        var hasFiles = (tls.ServerCertificate is not null && tls.PrivateKey is not null) || !tls.TlsCertificates.IsEmpty;
        if (!hasCredential && !hasFiles)
        {
            context.Add(path, $"mode {ModeName(mode)} needs credentialName, or serverCertificate and privateKey");
        }

        if (mode != ServerTlsMode.Simple && !hasCredential && tls.CaCertificates is null && tls.CaCertCredentialName is null)
        {
            context.Add(path, $"mode {ModeName(mode)} needs caCertificates (or credentialName) to verify clients");
        }
    }

    private static string ModeName(ServerTlsMode mode) => mode switch
    {
        ServerTlsMode.AutoPassthrough => "AUTO_PASSTHROUGH",
        ServerTlsMode.IstioMutual => "ISTIO_MUTUAL",
        ServerTlsMode.OptionalMutual => "OPTIONAL_MUTUAL",
        _ => mode.ToString().ToUpperInvariant(),
    };
}
