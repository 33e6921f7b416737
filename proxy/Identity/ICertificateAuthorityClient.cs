using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The CA as the certificate agent sees it: sign one CSR with one credential (docs/ca-api.md). <see cref="CaClient"/>
/// speaks HTTPS; tests substitute a fake. Failures throw <see cref="CaRequestException"/>.
/// </summary>
public interface ICertificateAuthorityClient
{
    Task<SignResponse> SignAsync(SignRequest request, CaCredential credential, CancellationToken cancellationToken);

    /// <summary>Every root the CA trusts now (<c>GET /v1/trust-bundle</c>): how a root rotation reaches a proxy between renewals.</summary>
    Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken);
}

/// <summary>How a signing request proves who asks: a one-use bootstrap token, or the current workload certificate.</summary>
public abstract record CaCredential
{
    private CaCredential()
    {
    }

    /// <summary><c>Authorization: Bearer</c>; the token is a secret, so this record never prints it.</summary>
    public sealed record BootstrapToken(string Token) : CaCredential
    {
        public override string ToString() => "bootstrap token";
    }

    /// <summary>The current certificate (with its key) as the TLS client certificate: how a proxy renews.</summary>
    public sealed record ClientCertificate(X509Certificate2 Certificate) : CaCredential
    {
        public override string ToString() => $"certificate {Certificate.SerialNumber}";
    }
}
