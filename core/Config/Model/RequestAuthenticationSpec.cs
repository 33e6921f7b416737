using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// The spec of an Istio <c>RequestAuthentication</c>: which end-user JWTs the selected workloads accept. A request
/// with an invalid token is refused; one with no token passes unauthenticated (an AuthorizationPolicy with
/// <c>requestPrincipals</c> then decides).
/// </summary>
public sealed record RequestAuthenticationSpec
{
    public WorkloadSelector? Selector { get; init; }

    public PolicyTargetReference? TargetRef { get; init; }

    public ValueList<PolicyTargetReference> TargetRefs { get; init; }

    public ValueList<JwtRule> JwtRules { get; init; }
}

/// <summary>Istio's <c>JWTRule</c>: one issuer, its keys and where its tokens are found.</summary>
public sealed record JwtRule
{
    public string? Issuer { get; init; }

    public ValueList<string> Audiences { get; init; }

    public string? JwksUri { get; init; }

    /// <summary>The JSON Web Key Set inline, as a JSON string.</summary>
    public string? Jwks { get; init; }

    public ValueList<JwtHeader> FromHeaders { get; init; }

    public ValueList<string> FromParams { get; init; }

    public ValueList<string> FromCookies { get; init; }

    public string? OutputPayloadToHeader { get; init; }

    public bool? ForwardOriginalToken { get; init; }

    public ValueList<ClaimToHeader> OutputClaimToHeaders { get; init; }

    public MeshDuration? Timeout { get; init; }

    public ValueList<string> SpaceDelimitedClaims { get; init; }
}

/// <summary>Istio's <c>JWTHeader</c>: a header carrying the token, after an optional prefix such as <c>Bearer </c>.</summary>
public sealed record JwtHeader
{
    public string? Name { get; init; }

    public string? Prefix { get; init; }
}

/// <summary>Istio's <c>ClaimToHeader</c>: copies a claim of a valid token into a request header.</summary>
public sealed record ClaimToHeader
{
    public string? Header { get; init; }

    public string? Claim { get; init; }
}
