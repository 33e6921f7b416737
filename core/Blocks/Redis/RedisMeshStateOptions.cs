using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Where the mesh state lives in Redis and how to log in. Give either <see cref="ConnectionString"/> (StackExchange.Redis
/// syntax, e.g. <c>localhost:6379,ssl=false</c>) or <see cref="Endpoints"/> (<c>host:port</c>), or both.
/// <see cref="User"/> and <see cref="Password"/>, when set, override the connection string's.
/// With <see cref="ServiceName"/> the endpoints are Redis Sentinels, which name the current primary of that service;
/// a Redis Cluster needs nothing but one or more of its nodes as endpoints.
/// </summary>
public sealed record RedisMeshStateOptions
{
    public const string DefaultKeyPrefix = "gatewaymesh:";

    public string? ConnectionString { get; init; }

    public ValueList<string> Endpoints { get; init; }

    /// <summary>The ACL user; proxies use a read-only one (read commands and SUBSCRIBE only).</summary>
    public string? User { get; init; }

    /// <summary>Never logged or printed.</summary>
    public string? Password { get; init; }

    /// <summary>Starts every key and channel name (as a hash tag), so several meshes (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    /// <summary>The name this client shows in <c>CLIENT LIST</c>.</summary>
    public string? ClientName { get; init; }

    /// <summary>The Sentinel service (primary) name: the endpoints are then Sentinels, and the client follows failovers.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The ACL user of the Sentinels, when they need one (else the data user logs in to them).</summary>
    public string? SentinelUser { get; init; }

    /// <summary>The Sentinels' password; never logged or printed.</summary>
    public string? SentinelPassword { get; init; }

    /// <summary>Connect with TLS (also set by <c>ssl=true</c> in the connection string, or by a CA file).</summary>
    public bool Tls { get; init; }

    /// <summary>PEM file of the CA that signs the Redis servers' certificates; only that CA is trusted.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>PEM client certificate and key, for servers that ask for one (<c>tls-auth-clients</c>).</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Classic or sharded pub/sub for the notices; <see cref="RedisPubSubMode.Auto"/> picks sharded on a cluster.</summary>
    public RedisPubSubMode PubSub { get; init; }

    /// <summary>
    /// Set by the writer (the registry): on first use, move a store still in the layout before hash tags to the
    /// current one (<see cref="LayoutScripts.Migrate"/>). Readers never write.
    /// </summary>
    public bool MigrateLegacyLayout { get; init; }

    /// <summary>
    /// Set by the writer (the registry): how long a config write (put, apply, delete) may take, from asking the store
    /// for its time to its answer. Each write script carries a deadline on the server's clock and refuses to run past it,
    /// so a write the client gave up on can never take effect later (from the client's backlog, or a primary that was
    /// paused); past the timeout the write throws <see cref="ConfigStore.ConfigStoreUnavailableException"/>. Null: no
    /// bound (the client's own timeouts only). Assumes the Redis servers' clocks agree within a quarter of a second.
    /// </summary>
    public TimeSpan? WriteTimeout { get; init; }

    /// <summary>Describes the target without secrets: the connection string may carry a password, so only endpoints are shown.</summary>
    public override string ToString() =>
        $"RedisMeshStateOptions {{ Endpoints = [{string.Join(", ", Endpoints)}], ConnectionString = {(ConnectionString is null ? "none" : "set")}, " +
        $"User = {User ?? "default"}, Password = {(Password is null ? "none" : "***")}, KeyPrefix = {KeyPrefix}, " +
        $"ServiceName = {ServiceName ?? "none"}, SentinelPassword = {(SentinelPassword is null ? "none" : "***")}, Tls = {Tls || TlsCaFile is not null}, PubSub = {PubSub} }}";
}
