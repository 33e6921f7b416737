using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Checks a client certificate of a MUTUAL (or OPTIONAL_MUTUAL) server: it must chain to one of the server's CA
/// certificates and nothing else (custom root trust, no system roots, no revocation lookups) and be within its
/// validity. With <see cref="Required"/> false, a client that sends none is let through.
/// </summary>
internal sealed record ClientCertificateCheck(X509Certificate2Collection Roots, bool Required)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return !Required;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
