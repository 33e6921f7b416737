using System.Security.Cryptography;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;bootstrap token&gt;</c>: verified with the public half of the token-signing key. The
/// token is spent later, on the CSR's key (<see cref="CallerAuthentication.OneUseToken"/>, <see cref="TokenReplayCache"/>).
/// Not applicable when there is no Authorization header.
/// </summary>
public sealed class BootstrapTokenAuthenticator(ECDsa verificationKey, TimeProvider time) : ICallerAuthenticator
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

        return ValueTask.FromResult(CallerAuthentication.Success(claims!.Subject, Name) with { OneUseToken = new OneUseToken(claims.Id, claims.ExpiresAt) });
    }

    private ValueTask<CallerAuthentication> Refuse(string error) =>
        ValueTask.FromResult(CallerAuthentication.Failure(StatusCodes.Status401Unauthorized, error, Name));
}
