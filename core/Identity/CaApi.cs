namespace GatewayMesh.Core.Identity;

/// <summary>
/// The CA's HTTP API, shared by the CA (ca/), the proxies' certificate agent and meshctl. See docs/ca-api.md.
/// </summary>
public static class CaApi
{
    /// <summary><c>POST</c>: sign a CSR. Body <see cref="SignRequest"/>, answer <see cref="SignResponse"/>.</summary>
    public const string CertificatesPath = "/v1/certificates";

    /// <summary><c>GET</c>: every trusted root, PEM, concatenated (<c>application/x-pem-file</c>).</summary>
    public const string TrustBundlePath = "/v1/trust-bundle";

    /// <summary>Largest request body the CA reads.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    /// <summary>The audience every bootstrap token must name.</summary>
    public const string TokenAudience = "gatewaymesh-ca";
}

/// <summary>
/// A signing request: the PEM CSR, and the lifetime asked for (the CA's default when null). <c>DnsNames</c> (DNS names or
/// IP addresses) are added to the certificate only when the CA grants them to the caller's identity
/// (<c>--dns-san-grants</c>); the Kubernetes registry asks for its webhook Service's names this way.
/// </summary>
public sealed record SignRequest(string Csr, int? TtlSeconds = null, IReadOnlyList<string>? DnsNames = null);

/// <summary>
/// A signed certificate: the chain leaf first (PEM each), the roots the workload should trust from now on, and the
/// leaf's serial number and expiry.
/// </summary>
public sealed record SignResponse(IReadOnlyList<string> CertificateChain, IReadOnlyList<string> TrustBundle, string SerialNumber, DateTimeOffset NotAfter);

/// <summary>Every error the CA answers: one line saying what was wrong.</summary>
public sealed record CaError(string Error);
