using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Registry.Hosting;

/// <summary>Chooses the state components: Redis in production, in-memory for quick tests and demos.</summary>
internal static class StateComponents
{
    public static void Add(IServiceCollection services, RegistryOptions options)
    {
        if (options.InMemory)
        {
            services.AddInMemoryMeshState();
            return;
        }

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_REGISTRY__REDIS), or use --in-memory.");
        }

        services.AddRedisMeshState(ToRedisOptions(options));
    }

    internal static RedisMeshStateOptions ToRedisOptions(RegistryOptions options) =>
        RedisMeshStateOptionsFactory.FromSwitches(options.Redis!, options.RedisUser, options.RedisPasswordFile, options.KeyPrefix, "gatewaymesh-registry");
}
