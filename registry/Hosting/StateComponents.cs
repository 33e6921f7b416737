using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Registry.Hosting;

/// <summary>
/// Chooses the state components and the leader election that goes with them: Redis with a lease in Redis in
/// production, in-memory (its own sole replica) for quick tests and demos. An <see cref="ILeaderElection"/> registered
/// before (the Kubernetes Lease one, tests) wins; whichever is chosen runs as a hosted service when it is one.
/// </summary>
internal static class StateComponents
{
    public static void Add(IServiceCollection services, RegistryOptions options, IConfigurationSection section)
    {
        if (options.InMemory)
        {
            services.AddInMemoryMeshState();
            services.TryAddSingleton<ILeaderElection, SoleReplicaElection>();
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_REGISTRY__REDIS), or use --in-memory.");
            }

            services.AddRedisMeshState(ToRedisOptions(section, options.ParseWriteTimeout()));
            services.TryAddSingleton(options.ParseLeaderElection());
            services.TryAddSingleton<ILeaderElection, RedisLeaseElection>();
        }

        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ILeaderElection>() as IHostedService ?? new NoElectionLoop());
    }

    /// <summary>
    /// The registry is the writer: it also moves a store still in the layout before hash tags, and bounds every config
    /// write by <c>--write-timeout</c> (the store refuses a write past its deadline).
    /// </summary>
    internal static RedisMeshStateOptions ToRedisOptions(IConfigurationSection section, TimeSpan writeTimeout) =>
        RedisMeshStateOptionsFactory.FromSwitches(section.Get<RedisSwitches>() ?? new RedisSwitches(), "gatewaymesh-registry") with
        {
            MigrateLegacyLayout = true,
            WriteTimeout = writeTimeout,
        };

    /// <summary>Stands in for an election that needs no loop of its own.</summary>
    private sealed class NoElectionLoop : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
