using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>Turns the sidecar's Redis switches into the Redis component's options. The sidecar only ever reads.</summary>
internal static class RedisState
{
    public static RedisMeshStateOptions ToRedisOptions(SidecarOptions options, IConfigurationSection section) =>
        string.IsNullOrWhiteSpace(options.Redis)
            ? throw new InvalidOperationException("Set --redis host:port (or GATEWAYMESH_SIDECAR__REDIS).")
            : RedisMeshStateOptionsFactory.FromSwitches(section.Get<RedisSwitches>() ?? new RedisSwitches(), "gatewaymesh-sidecar");
}
