using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity.Jwks;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// One JWT rule compiled for a proxy: its issuer, accepted audiences, key set (inline, or fetched by the registry
/// from jwksUri; none yet means every token of the issuer fails, closed), where tokens are read from (by default the
/// <c>Authorization: Bearer</c> header and the <c>access_token</c> query parameter), and what to pass on.
/// </summary>
public sealed record JwtProvider(
    string Source,
    string? Issuer,
    IReadOnlyList<string> Audiences,
    JsonWebKeySet? Keys,
    string? KeysError,
    IReadOnlyList<JwtHeader> FromHeaders,
    IReadOnlyList<string> FromParams,
    IReadOnlyList<string> FromCookies,
    string? OutputPayloadToHeader,
    bool ForwardOriginalToken,
    IReadOnlyList<ClaimToHeader> OutputClaimToHeaders)
{
    public static readonly IReadOnlyList<JwtHeader> DefaultHeaders = [new JwtHeader { Name = "Authorization", Prefix = "Bearer " }];

    public static readonly IReadOnlyList<string> DefaultParams = ["access_token"];

    public bool AcceptsIssuer(string? issuer) => Issuer is null || string.Equals(Issuer, issuer, StringComparison.Ordinal);
}
