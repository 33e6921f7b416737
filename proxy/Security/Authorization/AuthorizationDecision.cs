namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// The outcome for one request: allowed or not, the policy that decided (the matching DENY, or the matching ALLOW; null
/// when no policy applies or when ALLOW policies exist and none matched), and the first matching AUDIT policy, if any.
/// </summary>
public readonly record struct AuthorizationDecision(bool Allowed, string? Policy, string? AuditPolicy)
{
    public static AuthorizationDecision AllowedByDefault { get; } = new(true, null, null);
}
