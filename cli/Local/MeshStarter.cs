
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local;

/// <summary>
/// Starts the local mesh's processes in order (Redis unless external, the registry, then the CA when workloads
/// follow), each ready before the
/// next starts, recording each in state.json as soon as it is up. On any failure it stops what it started.
/// </summary>
internal sealed class MeshStarter(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public async Task<(MeshState State, IReadOnlyList<RunningProcess> Processes)> StartAsync(UpSettings settings, CancellationToken cancellationToken)
    {
        var registryDll = await new Builder(paths, environment, progress).EnsureRegistryAsync(settings.RegistryDll, cancellationToken);
        var dotnet = DotnetHost.Find(environment);
        OwnerOnly.CreateDirectory(paths.StateDir);
        var ports = new FreePort();
        var specs = new List<ProcessSpec>();

        string redisEndpoint;
        RedisUser? registryUser;
        if (settings.ExternalRedis is { Length: > 0 } external)
        {
            redisEndpoint = external;
            registryUser = settings.ExternalRedisUser is { Length: > 0 } user
                ? new RedisUser(user, environment.ResolvePath(settings.ExternalRedisPasswordFile ?? ""), "")
                : null;
            progress.Note($"using the Redis at {external}");
        }
        else
        {
            var redis = new RedisLauncher(paths, environment, progress);
            var executable = await redis.FindOrInstallAsync(cancellationToken);
            var users = RedisAcl.Provision(paths.SecretsDir, redis.AclFile);
            registryUser = users["registry"];
            var port = ports.Pick(settings.RedisPort);
            redisEndpoint = $"127.0.0.1:{port}";
            specs.Add(redis.CreateSpec(executable, port, registryUser));
        }

        var registryPort = ports.Pick(settings.RegistryPort);
        specs.Add(new RegistryLauncher(paths).CreateSpec(dotnet, registryDll, registryPort, redisEndpoint, registryUser));
        string? caUrl = null;
        if (settings.Workloads)
        {
            // The CA issues the proxies' certificates, so it starts with them, after Redis and the registry.
            var caDll = await new Builder(paths, environment, progress).EnsureAsync("ca", "gatewaymesh-ca.dll", Builder.CaDllVariable, [], cancellationToken);
            var caPort = ports.Pick(settings.CaPort);
            caUrl = CaLauncher.Url(caPort);
            specs.Add(new CaLauncher(paths).CreateSpec(dotnet, caDll, caPort, settings.CertTtl));
        }

        var state = new MeshState
        {
            StartedAt = environment.Time.GetUtcNow(),
            SupervisorPid = settings.Detach ? null : Environment.ProcessId,
            RegistryUrl = RegistryLauncher.Url(registryPort),
            RegistryTokenFile = paths.RegistryTokenFile,
            CaUrl = caUrl,
            CaDir = caUrl is null ? null : CaLauncher.DefaultDir(paths),
            Redis = redisEndpoint,
            ExternalRedis = settings.ExternalRedis is { Length: > 0 },
        };
        state.Save(paths.StateFile);

        var supervisor = new ProcessSupervisor(paths, environment.Time) { DiesWithMeshctl = !settings.Detach };
        var running = new List<RunningProcess>();
        try
        {
            foreach (var spec in specs)
            {
                progress.Step($"starting {spec.Name} on {spec.Address}");
                var process = await supervisor.StartAsync(spec, cancellationToken);
                running.Add(process);
                state = state with { Processes = [.. running.Select(r => r.Record)] };
                state.Save(paths.StateFile);
                progress.Done($"{spec.Name} is ready (pid {process.Record.Pid}, log {MeshPaths.Show(process.Record.LogFile, environment)})");
            }
        }
        catch
        {
            await new MeshStopper(paths, environment.Time, progress).StopAsync(state);
            throw;
        }

        return (state, running);
    }
}
