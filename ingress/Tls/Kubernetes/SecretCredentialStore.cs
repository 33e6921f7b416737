using k8s;

namespace GatewayMesh.Ingress.Tls.Kubernetes;

/// <summary>
/// Named credentials as Kubernetes Secrets of one namespace (<c>--credentials-secrets-namespace</c>): a
/// <c>kubernetes.io/tls</c> Secret (<c>tls.crt</c>, <c>tls.key</c>, optional <c>ca.crt</c>) or a generic one with
/// Istio's keys (<c>cert</c>, <c>key</c>, <c>cacert</c>). Only the Secrets the served Gateways name are followed
/// (<see cref="SecretWatch"/> per name, started and stopped by <see cref="Follow"/>), so the ingress never reads or
/// holds any other Secret. A Secret not read yet is not served (and not reported as an error); a deleted one stops
/// being served; one that cannot be read (forbidden) is not served, or keeps its last good certificate.
/// </summary>
internal sealed class SecretCredentialStore(IKubernetes client, string ns, TimeProvider time, ILogger<SecretCredentialStore> logger) : ICredentialStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SecretWatch> _watches = new(StringComparer.Ordinal);
    private Action _changed = () => { };
    private bool _disposed;

    public string Describe(string credential, string key) => $"Secret {ns}/{credential} key {key}";

    public bool Has(string credential, string key) =>
        StateOf(credential) is SecretState.Found found && KubernetesSecrets.Aliases(key).Any(found.Data.ContainsKey);

    public string Read(string credential, string key, string field, string what)
    {
        var secret = $"Secret {ns}/{credential}";
        switch (StateOf(credential))
        {
            case SecretState.Found found:
                var aliases = KubernetesSecrets.Aliases(key);
                foreach (var alias in aliases)
                {
                    if (found.Data.TryGetValue(alias, out var bytes))
                    {
                        return bytes.Length <= CredentialFile.MaxBytes
                            ? System.Text.Encoding.UTF8.GetString(bytes)
                            : throw new CredentialException($"{field}: {what} in {secret} key {alias} is larger than {CredentialFile.MaxBytes} bytes");
                    }
                }

                throw new CredentialException($"{field}: {what} not found: {secret} has no key {string.Join(" or ", aliases)}");
            case SecretState.Missing:
                throw new CredentialException($"{field}: {what} not found: no {secret}", CredentialProblem.Removed);
            case SecretState.Unreadable unreadable:
                throw new CredentialException($"{field}: {secret} cannot be read ({unreadable.Reason})");
            default:
                throw new CredentialException($"{field}: {secret} is not read yet", CredentialProblem.Pending);
        }
    }

    public void Follow(IReadOnlySet<string> credentials)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var gone in _watches.Keys.Where(name => !credentials.Contains(name)).ToList())
            {
                _watches.Remove(gone, out var watch);
                watch!.Dispose();
                Log.SecretUnfollowed(logger, ns, gone);
            }

            foreach (var name in credentials.Where(name => !_watches.ContainsKey(name)))
            {
                Log.SecretFollowed(logger, ns, name);
                _watches[name] = new SecretWatch(client, ns, name, time, logger, () => _changed());
            }
        }
    }

    public void Start(Action changed) => _changed = changed;

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var watch in _watches.Values)
            {
                watch.Dispose();
            }

            _watches.Clear();
        }

        client.Dispose();
    }

    private SecretState StateOf(string credential)
    {
        lock (_lock)
        {
            return _watches.TryGetValue(credential, out var watch) ? watch.State : new SecretState.Pending();
        }
    }
}
