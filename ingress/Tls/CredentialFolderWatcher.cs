namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Calls back when anything in the credentials folder (or below it) is created, changed, renamed or deleted, so a
/// rotated certificate is picked up without a config change. Files replaced by rename (as Kubernetes does for
/// mounted Secrets) are seen too. A half-written pair fails to load and keeps the last good credential until the
/// next event completes it.
/// </summary>
internal sealed class CredentialFolderWatcher : IDisposable
{
    private readonly FileSystemWatcher? _watcher;

    public CredentialFolderWatcher(string folder, Action changed)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => changed();
        _watcher.Created += (_, _) => changed();
        _watcher.Deleted += (_, _) => changed();
        _watcher.Renamed += (_, _) => changed();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher?.Dispose();
}
