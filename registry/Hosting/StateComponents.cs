using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Collections;

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

    /// <summary><c>--redis</c> is a <c>host:port</c> endpoint, or a full connection string when it holds ',' or '='.</summary>
    internal static RedisMeshStateOptions ToRedisOptions(RegistryOptions options)
    {
        var redis = options.Redis!.Trim();
        var isConnectionString = redis.Contains(',', StringComparison.Ordinal) || redis.Contains('=', StringComparison.Ordinal);
        return new RedisMeshStateOptions
        {
            ConnectionString = isConnectionString ? redis : null,
            Endpoints = isConnectionString ? default : new ValueList<string>([redis]),
            User = string.IsNullOrWhiteSpace(options.RedisUser) ? null : options.RedisUser,
            Password = ReadPassword(options.RedisPasswordFile),
            KeyPrefix = string.IsNullOrEmpty(options.KeyPrefix) ? RedisMeshStateOptions.DefaultKeyPrefix : options.KeyPrefix,
            ClientName = "gatewaymesh-registry",
        };
    }

    private static string? ReadPassword(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var password = File.ReadAllText(path).Trim();
        return password.Length == 0 ? throw new InvalidOperationException($"The Redis password file {path} is empty.") : password;
    }
}
