namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Named credentials as folders of <paramref name="folder"/> (<c>&lt;folder&gt;/&lt;credentialName&gt;/tls.crt</c>, ...),
/// as Kubernetes mounts a Secret; changes are seen by a <see cref="CredentialFolderWatcher"/>.
/// </summary>
internal sealed class FolderCredentialStore(string folder) : ICredentialStore
{
    private CredentialFolderWatcher? _watcher;

    public string Describe(string credential, string key) => Path.Combine(folder, credential, key);

    public bool Has(string credential, string key) => File.Exists(Describe(credential, key));

    public string Read(string credential, string key, string field, string what) => CredentialFile.Read(Describe(credential, key), field, what);

    public void Follow(IReadOnlySet<string> credentials)
    {
        // The folder watcher sees every credential.
    }

    public void Start(Action changed) => _watcher ??= new CredentialFolderWatcher(Path.GetFullPath(folder), changed);

    public void Dispose() => _watcher?.Dispose();
}
