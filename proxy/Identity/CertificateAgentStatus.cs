namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// What the certificate agent is doing, for readiness and <c>/debug/certs</c>: when it acts next, how many attempts in
/// a row failed, and the last failure's text (never a secret).
/// </summary>
public sealed record CertificateAgentStatus(DateTimeOffset? NextAttemptAt, int ConsecutiveFailures, string? LastError, DateTimeOffset? LastIssuedAt)
{
    public static readonly CertificateAgentStatus Starting = new(null, 0, null, null);
}
