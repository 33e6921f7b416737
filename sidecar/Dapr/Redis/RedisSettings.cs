using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.Redis;

/// <summary>
/// How a Redis component connects, from daprd's metadata names: <c>redisHost</c> (host:port), <c>redisUsername</c>,
/// <c>redisPassword</c>, <c>enableTLS</c>, <c>redisDB</c>. Value equality, so components that share a server and
/// login share one connection. <see cref="ToString"/> never shows the password. Read from a component's metadata by
/// <c>Components/ComponentMetadataReaders</c>.
/// </summary>
public sealed record RedisSettings(string Host, string? Username, string? Password, bool EnableTls, int Database)
{
    public ConfigurationOptions ToConfiguration(string clientName)
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ClientName = clientName,
            DefaultDatabase = Database,
            Ssl = EnableTls,
            User = Username,
            Password = Password,
            // The app's ACL user may not subscribe to the client library's own change channel.
            ConfigurationChannel = "",
        };
        configuration.EndPoints.Add(Host);
        return configuration;
    }

    public override string ToString() => $"{Username ?? "default"}@{Host}/{Database}{(EnableTls ? " tls" : "")}";
}
