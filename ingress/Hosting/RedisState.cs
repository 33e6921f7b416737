using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>Turns the ingress options into the Redis component's options. The ingress only ever reads.</summary>
internal static class RedisState
{
    /// <summary><c>--redis</c> is a <c>host:port</c> endpoint, or a full connection string when it holds ',' or '='.</summary>
    public static RedisMeshStateOptions ToRedisOptions(IngressOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_INGRESS__REDIS).");
        }

        var redis = options.Redis.Trim();
        var isConnectionString = redis.Contains(',', StringComparison.Ordinal) || redis.Contains('=', StringComparison.Ordinal);
        return new RedisMeshStateOptions
        {
            ConnectionString = isConnectionString ? redis : null,
            Endpoints = isConnectionString ? default : new ValueList<string>([redis]),
            User = string.IsNullOrWhiteSpace(options.RedisUser) ? null : options.RedisUser,
            Password = ReadPassword(options.RedisPasswordFile),
            KeyPrefix = string.IsNullOrEmpty(options.KeyPrefix) ? RedisMeshStateOptions.DefaultKeyPrefix : options.KeyPrefix,
            ClientName = "gatewaymesh-ingress",
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
