using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Context;

namespace GatewayMesh.Cli.Local;

/// <summary>One component as <c>status</c> and <c>up</c> show it.</summary>
internal sealed record ComponentReport(
    string Name,
    int? Pid,
    string State,
    bool Alive,
    string Address,
    IReadOnlyDictionary<string, int> Ports,
    DateTimeOffset? StartedAt,
    string? Log);

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
        foreach (var process in state.Processes)
        {
            var alive = ProcessSupervisor.IsAlive(process);
            var shown = !alive ? Dead(process)
                : process.Name == RegistryLauncher.Name ? registry.Health
                : "running";
            components.Add(new ComponentReport(
                process.Name, process.Pid, shown, alive && shown is "running" or "ready", process.Address, process.Ports, process.StartedAt, process.LogFile));
        }

        var running = components.Count > 0 && components.All(c => c.Alive);
        var mode = state.SupervisorPid is { } pid && ProcFs.IsRunning(pid) ? "foreground" : "detached";
        return new MeshReport(running, paths.StateFile, mode, mode == "foreground" ? state.SupervisorPid : null, registry, components);
    }

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
