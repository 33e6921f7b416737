using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// The <c>x-forwarded-client-cert</c> header (XFCC) in Envoy's format, <c>By=&lt;own SPIFFE ID&gt;;Hash=&lt;hex SHA-256 of
/// the peer certificate's DER&gt;;URI=&lt;peer SPIFFE ID&gt;</c>: how an inbound sidecar tells its app who called. Only
/// the proxy writes it: whatever a caller sent is removed first, so a plaintext caller cannot claim an identity.
/// </summary>
public static class ForwardedClientCert
{
    public const string HeaderName = "x-forwarded-client-cert";

    // The value per peer certificate: Kestrel keeps one certificate object per connection, so the SAN parse and the
    // SHA-256 run once per connection, not per request. Weak keys: an entry goes with its connection's certificate.
    private static readonly ConditionalWeakTable<X509Certificate2, Entry> Values = new();

    /// <summary>
    /// Replaces any XFCC on <paramref name="context"/>'s request with the verified peer of its connection (the client
    /// certificate the TLS handshake validated), or leaves none when the connection is plaintext.
    /// </summary>
    public static void Apply(HttpContext context, SpiffeId? own)
    {
        var headers = context.Request.Headers;
        headers.Remove(HeaderName);
        var peer = context.Connection.ClientCertificate;
        if (own is null || peer is null)
        {
            return;
        }

        if (!Values.TryGetValue(peer, out var entry) || !entry.Own.Equals(own))
        {
            entry = new Entry(own, SpiffeId.FromCertificate(peer) is { } caller ? Format(own, peer, caller) : null);
            Values.AddOrUpdate(peer, entry);
        }

        if (entry.Value is not null)
        {
            headers[HeaderName] = entry.Value;
        }
    }

    /// <summary>Removes any XFCC a caller sent (the ingress does this for all outside traffic).</summary>
    public static void Strip(HttpRequest request) => request.Headers.Remove(HeaderName);

    public static string Format(SpiffeId own, X509Certificate2 peer, SpiffeId caller) =>
        $"By={own};Hash={Convert.ToHexStringLower(SHA256.HashData(peer.RawData))};URI={caller}";

    private sealed record Entry(SpiffeId Own, string? Value);
}
