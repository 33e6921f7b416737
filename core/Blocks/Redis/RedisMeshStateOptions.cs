using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>
/// Where the mesh state lives in Redis and how to log in. Give either <see cref="ConnectionString"/> (StackExchange.Redis
/// syntax, e.g. <c>localhost:6379,ssl=false</c>) or <see cref="Endpoints"/> (<c>host:port</c>), or both.
/// <see cref="User"/> and <see cref="Password"/>, when set, override the connection string's.
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

    /// <summary>Starts every key and channel name, so several meshes (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    /// <summary>The name this client shows in <c>CLIENT LIST</c>.</summary>
    public string? ClientName { get; init; }

    /// <summary>Describes the target without secrets: the connection string may carry a password, so only endpoints are shown.</summary>
    public override string ToString() =>
        $"RedisMeshStateOptions {{ Endpoints = [{string.Join(", ", Endpoints)}], ConnectionString = {(ConnectionString is null ? "none" : "set")}, " +
        $"User = {User ?? "default"}, Password = {(Password is null ? "none" : "***")}, KeyPrefix = {KeyPrefix} }}";
}
