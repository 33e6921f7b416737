using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Ingress.Settings;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Keeps the HTTPS listener's <see cref="TlsServerTable"/> current. <see cref="Reload"/> runs on every applied config
/// (the proxy state's change token) and when the credential store reports a change (a file in the credentials folder,
/// or a watched Kubernetes Secret): it re-reads each server's PEMs and compares their digest with the loaded
/// credential's, so unchanged ones keep their credential and changed ones are loaded for the next handshake (open
/// connections keep theirs). A credential that cannot be loaded is logged with its Gateway field; its server is not
/// served, unless it loaded before and was not deleted on purpose, in which case the last good credential stays.
/// Handshakes read <see cref="Current"/> with one volatile read.
/// </summary>
internal sealed class GatewayCredentials : IDisposable
{
    private readonly ProxyState _state;
    private readonly SnapshotWatcher _snapshots;
    private readonly ICredentialStore? _store;
    private readonly ILogger<GatewayCredentials> _logger;
    private readonly Lock _reloadLock = new();
    private Dictionary<CredentialPaths, ServerCredential> _loaded = [];
    private Dictionary<CredentialPaths, string> _failed = [];
    private Published _current = new(TlsServerTable.Empty, -1, new());
    private IDisposable? _configSubscription;
    private bool _storeStarted;

    public GatewayCredentials(ProxyState state, SnapshotWatcher snapshots, IngressOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _state = state;
        _snapshots = snapshots;
        _store = CredentialStores.Create(options, time, loggers);
        _logger = loggers.CreateLogger<GatewayCredentials>();
    }

    public TlsServerTable Current => Volatile.Read(ref _current).Table;

    /// <summary>The config revision the last reload read (-1 before the first).</summary>
    public long Revision => Volatile.Read(ref _current).Revision;

    /// <summary>Fires when <see cref="Current"/> is replaced or a reload read a newer config revision.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _current).Changed.Token);

    /// <summary>Completes once <paramref name="condition"/> holds, checked now and after every change.</summary>
    public async Task WaitForAsync(Func<GatewayCredentials, bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var published = Volatile.Read(ref _current);
            if (condition(this))
            {
                return;
            }

            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (published.Changed.Token.Register(() => changed.TrySetResult()))
            {
                await changed.Task.WaitAsync(cancellationToken);
            }
        }
    }

    public void Start()
    {
        if (_store is not null && !_storeStarted)
        {
            _storeStarted = true;
            _store.Start(Reload);
        }

        _configSubscription ??= ChangeToken.OnChange(_state.GetChangeToken, Reload);

        Reload();
    }

    /// <summary>Re-reads every HTTPS server's credential; never throws (it runs in change callbacks).</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                ReloadLocked();
            }
            catch (Exception ex)
            {
                Log.CredentialsReloadFailed(_logger, ex);
            }
        }
    }

    public void Dispose()
    {
        _configSubscription?.Dispose();
        _store?.Dispose();
    }

    private void ReloadLocked()
    {
        var snapshot = _snapshots.Current;
        var servers = GatewayTlsServer.Select(snapshot, _state.Identity);
        _store?.Follow(servers.SelectMany(CredentialPaths.Names).ToHashSet(StringComparer.Ordinal));
        var loaded = new Dictionary<CredentialPaths, ServerCredential>();
        var failed = new Dictionary<CredentialPaths, string>();
        var entries = new List<TlsServerEntry>();
        foreach (var server in servers)
        {
            if (Load(server, loaded, failed) is { } credential)
            {
                entries.Add(new TlsServerEntry(server, credential));
            }
        }

        _loaded = loaded;
        _failed = failed;
        var previous = Volatile.Read(ref _current);
        var same = SameServing(previous.Table, entries);
        if (same && previous.Revision == snapshot.Revision)
        {
            return;
        }

        var table = same ? previous.Table : new TlsServerTable(entries.ToValueList());
        Volatile.Write(ref _current, new Published(table, snapshot.Revision, new CancellationTokenSource()));
        previous.Changed.Cancel();
        if (!same)
        {
            Log.HttpsServersApplied(_logger, entries.Count, servers.Count);
        }
    }

    private ServerCredential? Load(GatewayTlsServer server, Dictionary<CredentialPaths, ServerCredential> loaded, Dictionary<CredentialPaths, string> failed)
    {
        var (paths, error) = CredentialPaths.Resolve(server, _store);
        if (paths is null)
        {
            Log.ServerNotServed(_logger, error!);
            return null;
        }

        if (loaded.TryGetValue(paths, out var done))
        {
            return done;
        }

        if (failed.ContainsKey(paths))
        {
            return _loaded.GetValueOrDefault(paths);
        }

        try
        {
            var files = ServerCredential.Read(paths, _store);
            var digest = files.Digest();
            var credential = _loaded.TryGetValue(paths, out var known) && known.Digest.AsSpan().SequenceEqual(digest)
                ? known
                : ServerCredential.Load(paths, files);
            if (!ReferenceEquals(credential, known))
            {
                var leaf = credential.Leaf;
                Log.CredentialLoaded(_logger, paths.CertificateField, leaf.Subject, leaf.Thumbprint, leaf.NotAfter);
            }

            loaded[paths] = credential;
            return credential;
        }
        catch (CredentialException ex)
        {
            failed[paths] = ex.Message;
            if (ex.Problem != CredentialProblem.Removed && _loaded.TryGetValue(paths, out var lastGood))
            {
                Log.CredentialKept(_logger, ex.Message, lastGood.Leaf.Thumbprint);
                loaded[paths] = lastGood;
                return lastGood;
            }

            if (ex.Problem != CredentialProblem.Pending && (!_failed.TryGetValue(paths, out var before) || before != ex.Message))
            {
                Log.ServerNotServed(_logger, ex.Message);
            }

            return null;
        }
    }

    private static bool SameServing(TlsServerTable table, List<TlsServerEntry> entries) =>
        table.Entries.Count == entries.Count
        && table.Entries.Zip(entries).All(p => p.First.Server == p.Second.Server && ReferenceEquals(p.First.Credential, p.Second.Credential));

    private sealed record Published(TlsServerTable Table, long Revision, CancellationTokenSource Changed);
}
