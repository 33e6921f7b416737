using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// Decides whether a peer's certificate is a mesh workload certificate this proxy trusts: it chains to one of the roots
/// of this proxy's current trust bundle (no system roots, no revocation lookups, time from the injected clock), it is
/// meant for the peer's side of the handshake (clientAuth or serverAuth EKU), and it names exactly one SPIFFE ID.
/// Both sides of mesh mTLS use it: the inbound listener for client certificates, the upstream client for servers.
/// </summary>
public static class PeerCertificateValidator
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <param name="peer">The certificate the peer presented.</param>
    /// <param name="presented">The chain TLS built for it, whose extra certificates are the intermediates the peer sent.</param>
    /// <param name="own">This proxy's current certificate: its trust bundle is the only trust, its intermediates may complete the chain.</param>
    /// <param name="usage">The EKU the peer's certificate must carry: <see cref="ClientAuth"/> or <see cref="ServerAuth"/>.</param>
    /// <param name="trustDomain">When given, the peer's SPIFFE ID must be in it: a certificate naming another trust domain is refused even when it chains to the bundle.</param>
    public static bool TryValidate(
        X509Certificate2? peer, X509Chain? presented, WorkloadCertificate? own, string usage, DateTimeOffset now,
        [NotNullWhen(true)] out SpiffeId? identity, out string reason, string? trustDomain = null)
    {
        identity = null;
        if (own is null || own.TrustBundle.Count == 0)
        {
            reason = "this proxy has no trust bundle yet";
            return false;
        }

        if (peer is null)
        {
            reason = "no certificate was presented";
            return false;
        }

        if (SpiffeId.FromCertificate(peer) is not { } named)
        {
            reason = $"certificate {peer.SerialNumber} does not name exactly one SPIFFE ID";
            return false;
        }

        if (trustDomain is not null && !string.Equals(named.TrustDomain, trustDomain, StringComparison.Ordinal))
        {
            reason = $"certificate {peer.SerialNumber} ({named}) is outside the trust domain {trustDomain}";
            return false;
        }

        if (!HasUsage(peer, usage))
        {
            reason = $"certificate {peer.SerialNumber} ({named}) lacks the {(usage == ClientAuth ? "clientAuth" : "serverAuth")} extended key usage";
            return false;
        }

        if (!Chains(peer, presented, own, now, out reason))
        {
            reason = $"certificate {peer.SerialNumber} ({named}): {reason}";
            return false;
        }

        identity = named;
        return true;
    }

    private static bool HasUsage(X509Certificate2 certificate, string usage)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku)
            {
                foreach (var oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == usage)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool Chains(X509Certificate2 peer, X509Chain? presented, WorkloadCertificate own, DateTimeOffset now, out string reason)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(own.TrustBundle);
        policy.ExtraStore.AddRange(own.Intermediates);
        if (presented is not null)
        {
            policy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            for (var i = 1; i < presented.ChainElements.Count; i++)
            {
                policy.ExtraStore.Add(presented.ChainElements[i].Certificate);
            }
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        try
        {
            if (chain.Build(peer))
            {
                reason = "";
                return true;
            }

            var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            reason = $"does not chain to the mesh trust bundle at {now:O} ({string.Join(", ", problems)})";
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }
}
