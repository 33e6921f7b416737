namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// A signing request that failed: the CA's status and <c>CaError</c> text, or a transport failure (no status).
/// <see cref="RetryAfter"/> carries a <c>429</c>'s <c>Retry-After</c>.
/// </summary>
public sealed class CaRequestException : Exception
{
    public CaRequestException(int? status, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    public int? Status { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The CA refused the credential (<c>401</c>): a bootstrap token that answers this is spent or expired.</summary>
    public bool IsUnauthorized => Status == 401;
}
