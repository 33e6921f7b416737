using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>Turns the ingress's Redis switches into the Redis component's options. The ingress only ever reads.</summary>
internal static class RedisState
{
    public static RedisMeshStateOptions ToRedisOptions(IngressOptions options, IConfigurationSection section) =>
        string.IsNullOrWhiteSpace(options.Redis)
            ? throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_INGRESS__REDIS).")
            : RedisMeshStateOptionsFactory.FromSwitches(section.Get<RedisSwitches>() ?? new RedisSwitches(), "gatewaymesh-ingress");
}
