using System.Globalization;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The last step of <c>up</c>: waits until every proxy (the ingress and each sidecar) reports through its admin
/// <c>/debug/revision</c> the registry's current revision, so the first request after <c>up</c> returns already
/// finds every route and every instance registered during startup (each registration takes a revision, so the
/// sidecars started first have to catch up with those started after them). A proxy that does not catch up within
/// the deadline is named in a warning; the mesh is left running either way.
/// </summary>
internal sealed class ProxySync(RegistryClient registry, TimeProvider time, Progress progress)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <returns>True when every proxy serves the registry's revision (or a later one).</returns>
    public async Task<bool> WaitAsync(MeshState state, CancellationToken cancellationToken)
    {
        var proxies = state.Processes.Where(p => p.Role is not null && p.Ports.ContainsKey("admin")).ToList();
        if (proxies.Count == 0)
        {
            return true;
        }

        var target = (await registry.GetRevisionAsync(cancellationToken)).Revision;
        progress.Step($"waiting for every proxy to apply revision {target}");
        var started = time.GetTimestamp();
        var behind = proxies;
        while (true)
        {
            behind = await BehindAsync(behind, target, cancellationToken);
            if (behind.Count == 0)
            {
                var seconds = time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                progress.Done($"all {proxies.Count} proxies serve revision {target} ({seconds} s)");
                return true;
            }

            if (time.GetElapsedTime(started) >= Deadline)
            {
                progress.Warn($"not at revision {target} after {Deadline.TotalSeconds:0} s: {string.Join(", ", behind.Select(p => p.Name))}");
                progress.Note("./meshctl status shows each proxy's revision (SYNCED or STALE); their logs say why");
                return false;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static async Task<List<ProcessRecord>> BehindAsync(List<ProcessRecord> proxies, long target, CancellationToken cancellationToken)
    {
        var behind = new List<ProcessRecord>();
        foreach (var proxy in proxies)
        {
            if (await AdminProbe.RevisionAsync(proxy.Ports["admin"], cancellationToken) is not { } revision || revision < target)
            {
                behind.Add(proxy);
            }
        }

        return behind;
    }
}
