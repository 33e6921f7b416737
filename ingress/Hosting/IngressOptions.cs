using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// Settings of the ingress gateway, bound from the <c>Ingress</c> configuration section (command line
/// <c>--http-port</c>, <c>--redis</c>, ..., or environment <c>GATEWAYMESH_INGRESS__REDIS</c>, ...).
/// </summary>
public sealed class IngressOptions
{
    public const string SectionName = "Ingress";

    /// <summary>The HTTP listener; 0 picks a free port. Gateway servers on port 80 or 8080 are served here.</summary>
    public int HttpPort { get; set; } = 31380;

    /// <summary>The HTTPS listener; 0 picks a free port. Gateway servers on port 443 or 8443 that terminate TLS are served here.</summary>
    public int HttpsPort { get; set; } = 31390;

    /// <summary>
    /// The port an <c>httpsRedirect</c> Location names; null: the HTTPS listener's own (443 names none, as Istio does).
    /// Set it when clients reach the HTTPS listener through another port (e.g. a Kubernetes Service on 443).
    /// </summary>
    public int? HttpsRedirectPort { get; set; }

    /// <summary>
    /// Where <c>credentialName</c>s resolve: <c>&lt;dir&gt;/&lt;credentialName&gt;/tls.crt</c>, <c>tls.key</c> and, for
    /// MUTUAL, <c>ca.crt</c> (the keys of a Kubernetes TLS Secret). Watched for changes.
    /// </summary>
    public string? CredentialsDir { get; set; }

    /// <summary>The admin listener (health, debug); 0 picks a free port.</summary>
    public int AdminPort { get; set; } = 15000;

    /// <summary>The address both listeners bind.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>Redis endpoint, <c>host:port</c> (or a full connection string). Read-only access is enough.</summary>
    public string? Redis { get; set; }

    public string? RedisUser { get; set; }

    /// <summary>File holding the Redis password; the password itself is never passed on the command line.</summary>
    public string? RedisPasswordFile { get; set; }

    public string? KeyPrefix { get; set; }

    /// <summary>
    /// Where the last good snapshot is kept, so a restart while Redis is down still routes; default
    /// <c>&lt;state dir&gt;/snapshot.json</c>.
    /// </summary>
    public string? SnapshotFile { get; set; }

    /// <summary>
    /// The proxy's own folder (<c>--state-dir</c>; an emptyDir on Kubernetes), holding its last good snapshot. Default
    /// <c>.gatewaymesh/ingress</c> under the working directory.
    /// </summary>
    public string StateDir { get; set; } = Path.Combine(".gatewaymesh", "ingress");

    /// <summary>The snapshot file in use: always set, so every ingress survives a restart while Redis is down.</summary>
    public string EffectiveSnapshotFile => Path.GetFullPath(string.IsNullOrWhiteSpace(SnapshotFile) ? Path.Combine(StateDir, "snapshot.json") : SnapshotFile);

    /// <summary>This proxy's labels, <c>key=value</c> pairs separated by commas; Gateways select on them.</summary>
    public string Labels { get; set; } = "istio=ingressgateway";

    public string Namespace { get; set; } = "istio-system";

    /// <summary>The service account in the gateway's SPIFFE ID, as Istio's ingress gateway names it.</summary>
    public string ServiceAccount { get; set; } = "istio-ingressgateway-service-account";

    /// <summary>The CA's HTTPS address; without it the ingress gets no workload certificate (mesh mTLS off for it).</summary>
    public string? CaAddress { get; set; }

    /// <summary>PEM root(s) the CA's server certificate is verified against.</summary>
    public string? CaRootFile { get; set; }

    /// <summary>Owner-only file holding the gateway's one-use bootstrap token.</summary>
    public string? CaTokenFile { get; set; }

    /// <summary>The workload certificate's lifetime to ask for (<c>1h</c>, <c>20s</c>); default the CA's (1 h).</summary>
    public string? CertTtl { get; set; }

    public WorkloadIdentitySwitches IdentitySwitches => new(CaAddress, CaRootFile, CaTokenFile, TrustDomain, CertTtl);

    /// <summary>The mesh's root namespace (<c>--root-namespace</c>): its policies without a selector apply mesh-wide.</summary>
    public string RootNamespace { get; set; } = "istio-system";

    /// <summary>The trust domain of the SPIFFE IDs the ingress expects from the sidecars it calls over mTLS (<c>--trust-domain</c>).</summary>
    public string TrustDomain { get; set; } = SpiffeId.DefaultTrustDomain;

    /// <summary>Parses <see cref="Labels"/>; throws with the offending entry when one is not <c>key=value</c>.</summary>
    public ValueMap<string, string> ParseLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"--labels: '{entry}' is not key=value");
            }

            labels[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
        }

        return labels.ToValueMap();
    }
}
