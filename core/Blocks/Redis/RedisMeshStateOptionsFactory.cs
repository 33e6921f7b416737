using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Builds <see cref="RedisMeshStateOptions"/> from the command-line switches every component shares.</summary>
public static class RedisMeshStateOptionsFactory
{
    /// <summary>
    /// <paramref name="redis"/> is a <c>host:port</c> endpoint, or a full connection string when it holds ',' or '='.
    /// The password only ever comes from a file, so it never appears in a process listing.
    /// </summary>
    public static RedisMeshStateOptions FromSwitches(string redis, string? user, string? passwordFile, string? keyPrefix, string clientName) =>
        FromSwitches(new RedisSwitches { Redis = redis, RedisUser = user, RedisPasswordFile = passwordFile, KeyPrefix = keyPrefix }, clientName);

    /// <summary>
    /// Every Redis switch: <c>--redis</c> is one or more <c>host:port</c> separated by commas (Cluster nodes, or Sentinels
    /// with <c>--redis-service-name</c>), or a StackExchange.Redis connection string when it holds '='. Fails naming
    /// the switch when a value is unusable.
    /// </summary>
    public static RedisMeshStateOptions FromSwitches(RedisSwitches switches, string clientName)
    {
        var redis = string.IsNullOrWhiteSpace(switches.Redis) ? throw new InvalidOperationException("--redis is not set") : switches.Redis.Trim();
        var isConnectionString = redis.Contains('=', StringComparison.Ordinal);
        return new RedisMeshStateOptions
        {
            ConnectionString = isConnectionString ? redis : null,
            Endpoints = isConnectionString ? default : new ValueList<string>(redis.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            User = Blank(switches.RedisUser),
            Password = ReadSecret(switches.RedisPasswordFile, "--redis-password-file"),
            KeyPrefix = string.IsNullOrEmpty(switches.KeyPrefix) ? RedisMeshStateOptions.DefaultKeyPrefix : switches.KeyPrefix,
            ClientName = clientName,
            ServiceName = Blank(switches.RedisServiceName),
            SentinelUser = Blank(switches.RedisSentinelUser),
            SentinelPassword = ReadSecret(switches.RedisSentinelPasswordFile, "--redis-sentinel-password-file"),
            TlsCaFile = ExistingFile(switches.RedisTlsCaFile, "--redis-tls-ca-file"),
            TlsCertFile = ExistingFile(switches.RedisTlsCertFile, "--redis-tls-cert-file"),
            TlsKeyFile = ExistingFile(switches.RedisTlsKeyFile, "--redis-tls-key-file"),
            PubSub = ParsePubSub(switches.RedisPubSub),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static RedisPubSubMode ParsePubSub(string? value) => Blank(value)?.ToLowerInvariant() switch
    {
        null or "auto" => RedisPubSubMode.Auto,
        "classic" => RedisPubSubMode.Classic,
        "sharded" => RedisPubSubMode.Sharded,
        _ => throw new InvalidOperationException($"--redis-pubsub: '{value}' is not auto, classic or sharded"),
    };

    private static string? ExistingFile(string? path, string option) =>
        Blank(path) is not { } file ? null
        : File.Exists(file) ? Path.GetFullPath(file)
        : throw new InvalidOperationException($"{option}: {file} does not exist");

    private static string? ReadSecret(string? path, string option)
    {
        if (Blank(path) is not { } file)
        {
            return null;
        }

        var secret = File.ReadAllText(file).Trim();
        return secret.Length == 0 ? throw new InvalidOperationException($"{option}: the file {file} is empty") : secret;
    }
}
