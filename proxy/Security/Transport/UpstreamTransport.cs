using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>How this proxy reaches one upstream endpoint.</summary>
public enum UpstreamTransport
{
    /// <summary>Cleartext HTTP (h2c or HTTP/1.1).</summary>
    Plaintext = 0,

    /// <summary>Mesh mTLS: this proxy's certificate, the server's SPIFFE ID checked, HTTP/2 or HTTP/1.1 by ALPN.</summary>
    MutualTls = 1,

    /// <summary>The DestinationRule demands ISTIO_MUTUAL but this proxy has no certificate: the request fails (503).</summary>
    MutualTlsUnavailable = 2,
}

/// <summary>
/// Chooses the transport to an endpoint, as Istio does: DestinationRule <c>tls.mode</c> (port-level settings already
/// applied to the cluster's policy) <c>ISTIO_MUTUAL</c> means mTLS, <c>DISABLE</c> plaintext; with no tls setting,
/// auto-mTLS: mTLS when the endpoint's workload has a certificate, which it announces with the label
/// <c>security.istio.io/tlsMode: istio</c>. A proxy without a certificate source never originates mTLS.
/// <c>SIMPLE</c> and <c>MUTUAL</c> (TLS origination with user certificates) are not supported and stay plaintext.
/// </summary>
public static class UpstreamTransports
{
    public const string TlsModeLabel = "security.istio.io/tlsMode";
    public const string TlsModeIstio = "istio";

    /// <summary>The upstream URI scheme of <paramref name="transport"/>: https for mTLS, http otherwise.</summary>
    public static string Scheme(UpstreamTransport transport) => transport == UpstreamTransport.Plaintext ? "http" : "https";

    public static UpstreamTransport Choose(ClusterPolicy policy, Endpoint endpoint, bool canOriginate) => policy.Tls?.Mode switch
    {
        ClientTlsMode.IstioMutual => canOriginate ? UpstreamTransport.MutualTls : UpstreamTransport.MutualTlsUnavailable,
        null => canOriginate && HasMeshCertificate(endpoint) ? UpstreamTransport.MutualTls : UpstreamTransport.Plaintext,
        _ => UpstreamTransport.Plaintext,
    };

    /// <summary>The mode shown for an endpoint in <c>/debug/endpoints</c>: <c>ISTIO_MUTUAL</c>, <c>DISABLE</c>, or <c>UNAVAILABLE</c>.</summary>
    public static string Describe(UpstreamTransport transport) => transport switch
    {
        UpstreamTransport.MutualTls => "ISTIO_MUTUAL",
        UpstreamTransport.MutualTlsUnavailable => "UNAVAILABLE",
        _ => "DISABLE",
    };

    public static bool HasMeshCertificate(Endpoint endpoint) =>
        endpoint.Labels.TryGetValue(TlsModeLabel, out var mode) && string.Equals(mode, TlsModeIstio, StringComparison.Ordinal);
}
