using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The identity switches the ingress and the sidecar share: <c>--ca-address</c> (HTTPS; without it the proxy gets no
/// certificate and mesh mTLS is off for it), <c>--ca-root-file</c> (PEM roots the CA is verified against; required with
/// an address), <c>--ca-token-file</c> (the bootstrap token), <c>--trust-domain</c> (default <c>cluster.local</c>) and
/// <c>--cert-ttl</c> (a duration such as <c>1h</c> or <c>20s</c>; default the CA's, 1 h). Errors name the switch.
/// </summary>
public sealed record WorkloadIdentitySwitches(string? CaAddress, string? CaRootFile, string? CaTokenFile, string? TrustDomain, string? CertTtl)
{
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    /// <summary>The SPIFFE ID for a namespace and service account in the configured trust domain.</summary>
    public SpiffeId Identity(string ns, string serviceAccount)
    {
        var trustDomain = string.IsNullOrWhiteSpace(TrustDomain) ? SpiffeId.DefaultTrustDomain : TrustDomain.Trim();
        var text = new SpiffeId(trustDomain, ns, serviceAccount).ToString();
        return SpiffeId.TryParse(text, out var id, out var error)
            ? id
            : throw new InvalidOperationException($"--trust-domain, --namespace or --service-account: {error}");
    }

    /// <summary>The agent's options, or null when no <c>--ca-address</c> is given.</summary>
    public CertificateAgentOptions? ToAgentOptions()
    {
        if (string.IsNullOrWhiteSpace(CaAddress))
        {
            return string.IsNullOrWhiteSpace(CaRootFile) && string.IsNullOrWhiteSpace(CaTokenFile)
                ? null
                : throw new InvalidOperationException("--ca-root-file and --ca-token-file need --ca-address https://HOST:PORT");
        }

        if (!Uri.TryCreate(CaAddress.Trim(), UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps || address.PathAndQuery != "/")
        {
            throw new InvalidOperationException($"--ca-address: '{CaAddress}' is not an https://HOST:PORT address (the CA speaks HTTPS only)");
        }

        if (string.IsNullOrWhiteSpace(CaRootFile))
        {
            throw new InvalidOperationException("--ca-root-file: required with --ca-address (the PEM root the CA's certificate is verified against)");
        }

        if (!File.Exists(CaRootFile))
        {
            throw new InvalidOperationException($"--ca-root-file: '{CaRootFile}' does not exist");
        }

        if (!string.IsNullOrWhiteSpace(CaTokenFile) && !File.Exists(CaTokenFile))
        {
            throw new InvalidOperationException($"--ca-token-file: '{CaTokenFile}' does not exist");
        }

        return new CertificateAgentOptions(address, CaRootFile, string.IsNullOrWhiteSpace(CaTokenFile) ? null : CaTokenFile, ParseTtl());
    }

    private TimeSpan? ParseTtl()
    {
        if (string.IsNullOrWhiteSpace(CertTtl))
        {
            return null;
        }

        if (!MeshDuration.TryParse(CertTtl.Trim(), out var duration, out var error))
        {
            throw new InvalidOperationException($"--cert-ttl: '{CertTtl}' is not a duration ({error}); e.g. 1h or 20s");
        }

        var ttl = duration.Value;
        return ttl >= TimeSpan.FromSeconds(1) && ttl <= MaxTtl && ttl.Ticks % TimeSpan.TicksPerSecond == 0
            ? ttl
            : throw new InvalidOperationException($"--cert-ttl: '{CertTtl}' must be whole seconds from 1s to 24h");
    }
}
