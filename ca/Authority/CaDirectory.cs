namespace GatewayMesh.Ca.Authority;

/// <summary>
/// The layout of the CA's folder (see docs/ca-root-rotation.md):
/// <c>roots/&lt;id&gt;/root-cert.pem</c> and <c>root-key.pem</c> for each root, <c>roots.json</c> saying which root signs
/// and which are trusted, <c>root-cert.pem</c> and <c>trust-bundle.pem</c> (public copies for clients),
/// <c>token-signing.key</c>, and <c>audit.jsonl</c>.
/// </summary>
public sealed record CaDirectory(string Path)
{
    public string RootsDir => System.IO.Path.Combine(Path, "roots");

    public string RootSetFile => System.IO.Path.Combine(Path, "roots.json");

    /// <summary>The signing root's certificate, for clients that must trust the CA before their first issuance.</summary>
    public string ActiveRootCertFile => System.IO.Path.Combine(Path, "root-cert.pem");

    /// <summary>Every trusted root, PEM: the same text <c>GET /v1/trust-bundle</c> serves.</summary>
    public string TrustBundleFile => System.IO.Path.Combine(Path, "trust-bundle.pem");

    public string TokenSigningKeyFile => System.IO.Path.Combine(Path, "token-signing.key");

    public string AuditLogFile => System.IO.Path.Combine(Path, "audit.jsonl");

    public string RootCertFile(string id) => System.IO.Path.Combine(RootsDir, id, "root-cert.pem");

    public string RootKeyFile(string id) => System.IO.Path.Combine(RootsDir, id, "root-key.pem");
}
