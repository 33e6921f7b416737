namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// The Redis settings every component takes on its command line, bound from the component's own configuration section
/// (<c>--redis</c> → <c>Registry:Redis</c>, <c>GATEWAYMESH_SIDECAR__REDISSERVICENAME</c>, ...). Secrets only ever come
/// from files, so they never show in a process listing.
/// </summary>
public sealed class RedisSwitches
{
    /// <summary><c>host:port</c>, several separated by commas, or a StackExchange.Redis connection string.</summary>
    public string? Redis { get; set; }

    public string? RedisUser { get; set; }

    public string? RedisPasswordFile { get; set; }

    public string? KeyPrefix { get; set; }

    /// <summary>Sentinel mode: the service name; <see cref="Redis"/> then lists Sentinels.</summary>
    public string? RedisServiceName { get; set; }

    public string? RedisSentinelUser { get; set; }

    public string? RedisSentinelPasswordFile { get; set; }

    /// <summary>TLS to Redis, trusting only this CA (PEM).</summary>
    public string? RedisTlsCaFile { get; set; }

    public string? RedisTlsCertFile { get; set; }

    public string? RedisTlsKeyFile { get; set; }

    /// <summary><c>auto</c> (default), <c>classic</c> or <c>sharded</c>.</summary>
    public string? RedisPubSub { get; set; }

    /// <summary>The switches' names without the leading dashes (<c>redis</c>, <c>redis-service-name</c>, ...).</summary>
    public static IEnumerable<string> Names => SwitchMappings("").Select(pair => pair.Key[2..]);

    /// <summary>The command-line switches of these settings, mapped into <paramref name="section"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> SwitchMappings(string section) =>
        new[]
        {
            ("--redis", nameof(Redis)), ("--redis-user", nameof(RedisUser)), ("--redis-password-file", nameof(RedisPasswordFile)),
            ("--key-prefix", nameof(KeyPrefix)), ("--redis-service-name", nameof(RedisServiceName)),
            ("--redis-sentinel-user", nameof(RedisSentinelUser)), ("--redis-sentinel-password-file", nameof(RedisSentinelPasswordFile)),
            ("--redis-tls-ca-file", nameof(RedisTlsCaFile)), ("--redis-tls-cert-file", nameof(RedisTlsCertFile)),
            ("--redis-tls-key-file", nameof(RedisTlsKeyFile)), ("--redis-pubsub", nameof(RedisPubSub)),
        }.Select(pair => KeyValuePair.Create(pair.Item1, $"{section}:{pair.Item2}"));
}
