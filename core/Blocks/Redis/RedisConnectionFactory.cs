using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Builds StackExchange.Redis connections from <see cref="RedisMeshStateOptions"/>.</summary>
public static class RedisConnectionFactory
{
    /// <summary>
    /// The client configuration. <c>AbortOnConnectFail</c> is off, so a process starts while Redis is down and the
    /// multiplexer keeps reconnecting in the background.
    /// </summary>
    public static ConfigurationOptions CreateConfiguration(RedisMeshStateOptions options)
    {
        var configuration = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ConfigurationOptions()
            : ConfigurationOptions.Parse(options.ConnectionString);
        foreach (var endpoint in options.Endpoints)
        {
            configuration.EndPoints.Add(endpoint);
        }

        if (configuration.EndPoints.Count == 0)
        {
            throw new ArgumentException("Redis options name no endpoint: set a connection string or endpoints", nameof(options));
        }

        if (options.User is not null)
        {
            configuration.User = options.User;
        }

        if (options.Password is not null)
        {
            configuration.Password = options.Password;
        }

        configuration.ClientName = options.ClientName ?? configuration.ClientName ?? "gatewaymesh";
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisMeshStateOptions options) =>
        await ConnectionMultiplexer.ConnectAsync(CreateConfiguration(options));
}
