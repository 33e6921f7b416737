using System.Security.Cryptography;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;bootstrap token&gt;</c>: verified with the public half of the token-signing key, then
/// spent (its <c>jti</c> goes into the replay cache). Not applicable when there is no Authorization header.
/// </summary>
public sealed class BootstrapTokenAuthenticator(ECDsa verificationKey, TokenReplayCache replays, TimeProvider time) : ICallerAuthenticator
{
    public const string AuthenticatorName = "bootstrap-token";
    private const string BearerPrefix = "Bearer ";

    public string Name => AuthenticatorName;

    public ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return ValueTask.FromResult(CallerAuthentication.NotApplicable);
        }

        if (header.Count > 1 || header[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("authorization header must be 'Bearer <bootstrap token>'");
        }

        if (!BootstrapToken.TryVerify(value[BearerPrefix.Length..].Trim(), verificationKey, time, out var claims, out var error))
        {
            return Refuse(error);
        }

        return replays.TryUse(claims!.Id, claims.ExpiresAt, time.GetUtcNow()) switch
        {
            TokenReplayCache.Outcome.FirstUse => ValueTask.FromResult(CallerAuthentication.Success(claims.Subject, Name)),
            TokenReplayCache.Outcome.Replayed => Refuse("bootstrap token already used"),
            _ => ValueTask.FromResult(CallerAuthentication.Failure(StatusCodes.Status503ServiceUnavailable, "too many bootstrap tokens in use; retry later", Name)),
        };
    }

    private ValueTask<CallerAuthentication> Refuse(string error) =>
        ValueTask.FromResult(CallerAuthentication.Failure(StatusCodes.Status401Unauthorized, error, Name));
}
