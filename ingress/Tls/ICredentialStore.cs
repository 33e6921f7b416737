namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Where named credentials (a Gateway server's <c>credentialName</c>) are read: a folder of Secret-shaped folders
/// (<see cref="FolderCredentialStore"/>, <c>--credentials-dir</c>) or Kubernetes Secrets
/// (<see cref="Kubernetes.SecretCredentialStore"/>, <c>--credentials-secrets-namespace</c>). Keys are a Kubernetes TLS
/// Secret's: <c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>. What is read is never logged; messages name the credential
/// and key only.
/// </summary>
internal interface ICredentialStore : IDisposable
{
    /// <summary>Where <paramref name="key"/> of <paramref name="credential"/> is, for messages (a path, or a Secret and key).</summary>
    string Describe(string credential, string key);

    /// <summary>Whether <paramref name="credential"/> currently holds <paramref name="key"/>.</summary>
    bool Has(string credential, string key);

    /// <summary>The PEM text of the key; throws <see cref="CredentialException"/> naming <paramref name="field"/> when it cannot be read.</summary>
    string Read(string credential, string key, string field, string what);

    /// <summary>
    /// The credentials the served Gateways name now. A store that follows them one by one (Kubernetes watches each
    /// Secret by name) starts and stops following here; it must not block.
    /// </summary>
    void Follow(IReadOnlySet<string> credentials);

    /// <summary>From now on, calls <paramref name="changed"/> (on any thread) whenever a credential may have changed.</summary>
    void Start(Action changed);
}
