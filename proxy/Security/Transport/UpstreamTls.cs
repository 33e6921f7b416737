using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// The client side of mesh mTLS, for the upstream clients of the ingress and the sidecars. Each TLS-capable client is
/// built for one set of accepted server identities (<see cref="ServerIdentities"/>): on every handshake it presents the
/// source's current certificate (<c>LocalCertificateSelectionCallback</c>, so a rotation needs no new client), offers
/// only TLS 1.3, and accepts a server only when its certificate chains to the current trust bundle, carries serverAuth,
/// and names one of the accepted SPIFFE IDs: the identities the registry lists for the cluster's endpoints, as Istio
/// names a service's service accounts as the subject alternative names to verify.
/// </summary>
public sealed class UpstreamTls(IWorkloadCertificateSource? source, MeshTransportOptions options, TimeProvider time, ILogger<UpstreamTls> logger)
{
    private const string DefaultName = "default";

    /// <summary>True when this proxy has a certificate source; without one it never originates mTLS.</summary>
    public bool CanOriginate => source is not null;

    public string TrustDomain => options.TrustDomain;

    /// <summary>
    /// The SPIFFE IDs a server of <paramref name="cluster"/> may present, sorted: one per endpoint this proxy reaches over
    /// mTLS (the instance's namespace and service account in this proxy's trust domain). Empty when no endpoint gets mTLS.
    /// </summary>
    public ValueList<string> ServerIdentities(Cluster cluster)
    {
        SortedSet<string>? identities = null;
        foreach (var endpoint in cluster.Endpoints)
        {
            if (UpstreamTransports.Choose(cluster.Policy, endpoint, CanOriginate) == UpstreamTransport.MutualTls)
            {
                (identities ??= new SortedSet<string>(StringComparer.Ordinal)).Add(IdentityOf(endpoint).ToString());
            }
        }

        return identities is null ? default : new ValueList<string>(identities);
    }

    /// <summary>The identity the registry lists for <paramref name="endpoint"/>.</summary>
    public SpiffeId IdentityOf(Endpoint endpoint) => new(
        options.TrustDomain,
        string.IsNullOrWhiteSpace(endpoint.Namespace) ? DefaultName : endpoint.Namespace,
        string.IsNullOrWhiteSpace(endpoint.ServiceAccount) ? DefaultName : endpoint.ServiceAccount);

    /// <summary>Makes <paramref name="handler"/> speak mesh mTLS to https upstreams whose identity is in <paramref name="accepted"/>.</summary>
    public void Configure(SocketsHttpHandler handler, ValueList<string> accepted)
    {
        var acceptedSet = accepted.ToFrozenSet(StringComparer.Ordinal);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            LocalCertificateSelectionCallback = (_, target, _, _, _) => ClientCertificate(target)!,
            RemoteCertificateValidationCallback = (sender, certificate, chain, _) =>
                ValidateServer(certificate as X509Certificate2, chain, acceptedSet, (sender as SslStream)?.TargetHostName ?? ""),
        };
    }

    private X509Certificate2? ClientCertificate(string target)
    {
        var current = source?.Current;
        if (current is null || current.IsExpiredAt(time.GetUtcNow()))
        {
            Log.NoClientCertificate(logger, target, current is null ? "none issued yet" : $"expired at {current.NotAfter:O}");
            return null;
        }

        return current.Leaf;
    }

    private bool ValidateServer(X509Certificate2? certificate, X509Chain? chain, FrozenSet<string> accepted, string target)
    {
        if (!PeerCertificateValidator.TryValidate(certificate, chain, source?.Current, PeerCertificateValidator.ServerAuth, time.GetUtcNow(), out var identity, out var reason))
        {
            Log.ServerCertificateRefused(logger, target, reason);
            return false;
        }

        if (!accepted.Contains(identity.ToString()))
        {
            Log.ServerCertificateRefused(logger, target, $"{identity} is not an identity of the destination ({string.Join(", ", accepted)})");
            return false;
        }

        return true;
    }
}
