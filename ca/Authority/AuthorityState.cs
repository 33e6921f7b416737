using GatewayMesh.Ca.Settings;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// The current <see cref="IssuingAuthority"/>, read with one volatile read per request. <see cref="Reload"/> re-reads
/// the files (a root rotation, a replaced plug-in CA) and swaps a new authority in only when it changed; a failed
/// reload keeps the last good one and logs why. The first load fails fast: the CA does not start without a root.
/// </summary>
public sealed class AuthorityState
{
    private readonly CaSettings _settings;
    private readonly CaDirectory _directory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private volatile IssuingAuthority _current;

    public AuthorityState(CaSettings settings, TimeProvider time, ILogger<AuthorityState> logger)
    {
        _settings = settings;
        _directory = new CaDirectory(settings.Dir);
        _time = time;
        _logger = logger;
        OwnerOnlyFiles.CreateDirectory(_directory.Path);
        if (settings.PluginCerts is null && LocalRootAuthority.EnsureCreated(_directory, settings.TrustDomain, time))
        {
            Log.RootCreated(logger, _directory.Path);
        }

        _current = LoadFromFiles();
        Log.AuthorityLoaded(logger, settings.PluginCerts is null ? "local root" : "plug-in CA", _current.Signer.Certificate.Subject, _current.TrustBundle.Count);
    }

    public IssuingAuthority Current => _current;

    public CaDirectory Directory => _directory;

    /// <summary>Re-reads the files; true when a different authority is now current.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                var loaded = LoadFromFiles();
                if (loaded.Fingerprint == _current.Fingerprint)
                {
                    return false;
                }

                _current = loaded;
                Log.AuthorityLoaded(_logger, "reloaded", loaded.Signer.Certificate.Subject, loaded.TrustBundle.Count);
                return true;
            }
            catch (Exception exception) when (exception is CaStartupException or IOException or UnauthorizedAccessException)
            {
                Log.ReloadFailed(_logger, exception.Message);
                return false;
            }
        }
    }

    private IssuingAuthority LoadFromFiles() =>
        _settings.PluginCerts is { } plugin ? PluginAuthority.Load(plugin, _time) : LocalRootAuthority.Load(_directory);
}
