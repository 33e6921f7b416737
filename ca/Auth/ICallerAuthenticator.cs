using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Auth;

/// <summary>
/// Proves who is asking for a certificate. The CA tries its authenticators in order; the first that finds its kind of
/// credential decides (an invalid token is refused, never passed on to the next). A Kubernetes ServiceAccount
/// authenticator will read the bearer token, review it with the API server (TokenReview, audience-bound) and return
/// <c>spiffe://&lt;td&gt;/ns/&lt;namespace&gt;/sa/&lt;name&gt;</c>; register it before the bootstrap-token one, and
/// have it answer <see cref="CallerAuthentication.NotApplicable"/> for tokens that are not Kubernetes JWTs.
/// </summary>
public interface ICallerAuthenticator
{
    /// <summary>Short name written to the audit log (<c>bootstrap-token</c>, <c>client-certificate</c>).</summary>
    string Name { get; }

    /// <summary>Never throws for bad input; an error message must not contain the credential itself.</summary>
    ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>
/// What one authenticator concluded: not its kind of credential, an identity, or a refusal (status + one line). A
/// one-use credential (a bootstrap token) names itself in <see cref="OneUseToken"/>: the CA spends it on the CSR's key
/// only once the CSR has passed its checks, so a refusal before that (a rate limit, a bad CSR) does not burn it.
/// </summary>
public sealed record CallerAuthentication(SpiffeId? Identity, int Status, string Error, string? Authenticator)
{
    public OneUseToken? OneUseToken { get; init; }

    public static CallerAuthentication NotApplicable { get; } = new(null, 0, "", null);

    public bool IsApplicable => Status != 0 || Identity is not null;

    public bool Succeeded => Identity is not null;

    public static CallerAuthentication Success(SpiffeId identity, string authenticator) => new(identity, StatusCodes.Status200OK, "", authenticator);

    public static CallerAuthentication Failure(int status, string error, string authenticator) => new(null, status, error, authenticator);
}

/// <summary>A credential that works for one key only: its id (<c>jti</c>) and when the CA may forget it.</summary>
public sealed record OneUseToken(string Id, DateTimeOffset ExpiresAt);
