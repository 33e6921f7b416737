using System.Text;
using System.Text.Json;
using GatewayMesh.Ca.Auth;
using GatewayMesh.Core.Identity;
using k8s;
using k8s.Models;

namespace GatewayMesh.Ca.Kubernetes;

/// <summary>
/// <c>Authorization: Bearer &lt;ServiceAccount token&gt;</c>, reviewed by the API server (TokenReview): the token must
/// be authenticated, carry the CA's audience, and (by default) be bound to a pod, as a projected token is. The caller is
/// then <c>spiffe://&lt;td&gt;/ns/&lt;namespace&gt;/sa/&lt;name&gt;</c>. Applies only to tokens whose (unverified)
/// subject is a ServiceAccount, so the bootstrap-token authenticator after it still handles <c>meshctl up</c>'s tokens;
/// the API server verifies everything. The token never appears in an error or a log.
/// </summary>
public sealed class TokenReviewAuthenticator(IKubernetes client, CaKubernetesOptions options, string trustDomain, ILogger<TokenReviewAuthenticator> logger) : ICallerAuthenticator
{
    public const string AuthenticatorName = "kubernetes-token";
    private const string BearerPrefix = "Bearer ";
    private const string ServiceAccountPrefix = "system:serviceaccount:";
    private const string PodNameExtra = "authentication.kubernetes.io/pod-name";

    public string Name => AuthenticatorName;

    public async ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return CallerAuthentication.NotApplicable;
        }

        var token = value[BearerPrefix.Length..].Trim();
        if (!LooksLikeServiceAccountToken(token))
        {
            return CallerAuthentication.NotApplicable;
        }

        V1TokenReview review;
        try
        {
            review = await client.AuthenticationV1.CreateTokenReviewAsync(
                new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [options.TokenAudience] } },
                cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.TokenReviewUnavailable(logger, exception.Message);
            return CallerAuthentication.Failure(StatusCodes.Status503ServiceUnavailable, "the Kubernetes API server could not review the token; retry later", Name);
        }

        return Judge(review);
    }

    private CallerAuthentication Judge(V1TokenReview review)
    {
        var status = review.Status;
        if (status?.Authenticated != true)
        {
            return Refuse($"the ServiceAccount token was not accepted{(string.IsNullOrEmpty(status?.Error) ? "" : ": " + status.Error)}");
        }

        if (status.Audiences?.Contains(options.TokenAudience) != true)
        {
            return Refuse($"the ServiceAccount token is not for audience {options.TokenAudience}");
        }

        var username = status.User?.Username ?? "";
        var parts = username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) ? username[ServiceAccountPrefix.Length..].Split(':') : [];
        if (parts.Length != 2)
        {
            return Refuse($"'{username}' is not a ServiceAccount");
        }

        if (options.RequirePodBound && status.User?.Extra?.ContainsKey(PodNameExtra) != true)
        {
            return Refuse("the ServiceAccount token is not bound to a pod (use a projected token)");
        }

        return SpiffeId.TryParse($"spiffe://{trustDomain}/ns/{parts[0]}/sa/{parts[1]}", out var identity, out var error)
            ? CallerAuthentication.Success(identity!, Name)
            : Refuse(error);
    }

    private CallerAuthentication Refuse(string error) => CallerAuthentication.Failure(StatusCodes.Status401Unauthorized, error, Name);

    /// <summary>A JWT whose payload's <c>sub</c> names a ServiceAccount (not verified here; the API server verifies).</summary>
    internal static bool LooksLikeServiceAccountToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length is 0 or > 8192)
        {
            return false;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.ValueKind == JsonValueKind.Object &&
                claims.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String &&
                sub.GetString()!.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}
