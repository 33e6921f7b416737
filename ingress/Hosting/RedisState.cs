using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>Turns the ingress options into the Redis component's options. The ingress only ever reads.</summary>
internal static class RedisState
{
    public static RedisMeshStateOptions ToRedisOptions(IngressOptions options) =>
        string.IsNullOrWhiteSpace(options.Redis)
            ? throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_INGRESS__REDIS).")
            : RedisMeshStateOptionsFactory.FromSwitches(options.Redis, options.RedisUser, options.RedisPasswordFile, options.KeyPrefix, "gatewaymesh-ingress");
}
