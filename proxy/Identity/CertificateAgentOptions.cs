namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// Where the certificate agent gets its certificates: the CA's HTTPS address, the PEM root(s) it verifies the CA
/// against, the owner-only file holding the bootstrap token, and the lifetime to ask for (null: the CA's default).
/// </summary>
public sealed record CertificateAgentOptions(Uri CaAddress, string RootFile, string? TokenFile, TimeSpan? Ttl = null)
{
    /// <summary>Longest a signing request may take, connect to last byte.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a failure; doubles per failure up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the trust bundle is fetched between renewals, so a new root (a rotation's <c>prepare</c>) reaches
    /// this proxy within this interval plus the CA's reload interval, however long its certificate lives.
    /// </summary>
    public TimeSpan TrustBundleRefreshInterval { get; init; } = DefaultTrustBundleRefreshInterval;

    public static TimeSpan DefaultTrustBundleRefreshInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The lifetime as the CA's <c>ttlSeconds</c>.</summary>
    public int? TtlSeconds => Ttl is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null;
}
