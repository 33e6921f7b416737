using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Auth;

/// <summary>
/// Renewal: the TLS client certificate, when it was issued by this CA (chains to the current trust bundle through the
/// current intermediates), is valid now on the CA's clock, allows clientAuth, and names one SPIFFE ID of the trust
/// domain. Not applicable when the client sent no certificate.
/// </summary>
public sealed class ClientCertificateAuthenticator(AuthorityState authority, TimeProvider time, string trustDomain) : ICallerAuthenticator
{
    public const string AuthenticatorName = "client-certificate";

    public string Name => AuthenticatorName;

    public async ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(cancellationToken);
        if (certificate is null)
        {
            return CallerAuthentication.NotApplicable;
        }

        var now = time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now >= certificate.NotAfter.ToUniversalTime())
        {
            return Refuse("client certificate is expired or not yet valid");
        }

        if (SpiffeId.FromCertificate(certificate) is not { } identity || identity.TrustDomain != trustDomain)
        {
            return Refuse($"client certificate names no single SPIFFE ID of trust domain '{trustDomain}'");
        }

        return ChainsToBundle(certificate, authority.Current, now)
            ? CallerAuthentication.Success(identity, Name)
            : Refuse("client certificate was not issued by this CA's current roots");
    }

    private static bool ChainsToBundle(X509Certificate2 certificate, IssuingAuthority current, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(current.TrustStore);
        chain.ChainPolicy.ExtraStore.AddRange(current.Intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    private CallerAuthentication Refuse(string error) => CallerAuthentication.Failure(StatusCodes.Status401Unauthorized, error, Name);
}
