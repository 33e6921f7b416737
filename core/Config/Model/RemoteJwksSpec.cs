namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// The key set the registry fetched from a RequestAuthentication's <c>jwksUri</c> (kind <c>RemoteJwks</c>, group
/// <c>gatewaymesh.io</c>), so proxies verify JWTs without fetching anything themselves, as istiod inlines JWKS for
/// Envoy. Written only by the registry: the last good key set is kept when a later fetch fails, with the error beside it.
/// </summary>
public sealed record RemoteJwksSpec
{
    public string? JwksUri { get; init; }

    /// <summary>The last good key set, as the issuer published it (JSON).</summary>
    public string? Jwks { get; init; }

    /// <summary>When <see cref="Jwks"/> was fetched (RFC 3339, UTC).</summary>
    public string? FetchedAt { get; init; }

    /// <summary>Why the last attempt failed; null after a success.</summary>
    public string? LastError { get; init; }

    /// <summary>When the registry last tried (RFC 3339, UTC).</summary>
    public string? LastAttemptAt { get; init; }
}
