using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Context;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Local.Workloads;

namespace GatewayMesh.Cli.Local.Report;

/// <summary>One component as <c>status</c> and <c>up</c> show it.</summary>
internal sealed record ComponentReport(
    string Name,
    int? Pid,
    string State,
    bool Alive,
    string Address,
    IReadOnlyDictionary<string, int> Ports,
    DateTimeOffset? StartedAt,
    string? Log)
{
    /// <summary><c>ingress</c> or <c>sidecar</c>; null for Redis and the registry.</summary>
    public string? Role { get; init; }

    public string? Service { get; init; }

    public string? Version { get; init; }

    /// <summary>The config revision the proxy applied (its admin <c>/debug/revision</c>).</summary>
    public long? Revision { get; init; }

    /// <summary>The store's revision (the registry's) when this proxy was asked, to compare with <see cref="Revision"/>.</summary>
    public long? StoreRevision { get; init; }

    /// <summary><c>SYNCED</c> when <see cref="Revision"/> is the registry's, <c>STALE</c> when it is not, null when unknown.</summary>
    public string? Sync { get; init; }

    /// <summary>How often the supervising <c>meshctl up</c> restarted it, and how its last run ended.</summary>
    public int Restarts { get; init; }

    public string? LastExit { get; init; }
}

internal sealed record RegistryReport(string? Url, string Health, long? Revision);

/// <summary>The whole local mesh: every recorded process (alive or not) and the registry's health and revision.</summary>
internal sealed record MeshReport(
    bool Running,
    string StateFile,
    string Mode,
    int? SupervisorPid,
    RegistryReport Registry,
    IReadOnlyList<ComponentReport> Components)
{
    public static async Task<MeshReport> CollectAsync(MeshPaths paths, MeshState state, CancellationToken cancellationToken)
    {
        var components = new List<ComponentReport>();
        if (state.ExternalRedis && state.Redis is { } external)
        {
            components.Add(new ComponentReport("redis", null, "external", true, external, new Dictionary<string, int>(), null, null));
        }

        var registry = await CheckRegistryAsync(state, cancellationToken);
        // Every proxy is asked at once: one that does not answer costs its timeout once, not once per proxy after it.
        components.AddRange(await Task.WhenAll(state.Processes.Select(process => CollectAsync(process, registry, cancellationToken))));

        var running = components.Count > 0 && components.All(c => c.Alive);
        var mode = state.SupervisorPid is { } pid && ProcFs.IsRunning(pid) ? "foreground" : "detached";
        return new MeshReport(running, paths.StateFile, mode, mode == "foreground" ? state.SupervisorPid : null, registry, components);
    }

    private static async Task<ComponentReport> CollectAsync(ProcessRecord process, RegistryReport registry, CancellationToken cancellationToken)
    {
        var alive = ProcessSupervisor.IsAlive(process);
        long? revision = null;
        string shown;
        if (!alive)
        {
            shown = Dead(process);
        }
        else if (process.Role is not null && process.Ports.TryGetValue("admin", out var admin))
        {
            var ready = await AdminProbe.ReadinessAsync(admin, cancellationToken);
            shown = ready.IsReady ? "ready" : $"not ready ({ready.Detail})";
            revision = await AdminProbe.RevisionAsync(admin, cancellationToken);
        }
        else
        {
            shown = process.Name == RegistryLauncher.Name ? registry.Health : "running";
        }

        var healthy = alive && shown is "running" or "ready";
        if (process.Restarts > 0)
        {
            shown += process.Restarts == 1 ? ", restarted once" : $", restarted {process.Restarts} times";
        }

        return new ComponentReport(
            process.Name, process.Pid, shown, healthy, process.Address, process.Ports, process.StartedAt, process.LogFile)
        {
            Restarts = process.Restarts,
            LastExit = process.LastExit,
            Role = process.Role,
            Service = process.Service,
            Version = process.Version,
            Revision = revision,
            StoreRevision = process.Role is null ? null : registry.Revision,
            Sync = SyncOf(revision, registry.Revision),
        };
    }

    /// <summary>
    /// <c>SYNCED</c> when the proxy applied the store's revision. The store is read before the proxies, so a proxy
    /// that is ahead applied a write made in between: it is synced too. Null when either revision is unknown.
    /// </summary>
    internal static string? SyncOf(long? applied, long? store) =>
        applied is null || store is null ? null : applied >= store ? "SYNCED" : "STALE";

    private static string Dead(ProcessRecord process) =>
        ProcFs.TryRead(process.Pid) is { IsZombie: false } ? "dead (pid reused)" : "dead";

    private static async Task<RegistryReport> CheckRegistryAsync(MeshState state, CancellationToken cancellationToken)
    {
        if (state.RegistryUrl is not { } url)
        {
            return new RegistryReport(null, "not started", null);
        }

        var health = await RegistryProbe.CheckAsync(url, cancellationToken);
        long? revision = health.Revision;
        if (health.IsReady && state.RegistryTokenFile is { } tokenFile && File.Exists(tokenFile))
        {
            try
            {
                using var client = RegistryClient.Create(new ConnectionSettings(ConnectionSettings.ParseServer(url), File.ReadAllText(tokenFile).Trim()));
                revision = (await client.GetRevisionAsync(cancellationToken)).Revision;
            }
            catch (CliException)
            {
                // keep the revision the readiness probe reported
            }
        }

        return new RegistryReport(url, health.Status, revision);
    }
}
