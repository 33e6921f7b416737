using StackExchange.Redis;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Builds StackExchange.Redis connections from <see cref="RedisMeshStateOptions"/>.</summary>
public static class RedisConnectionFactory
{
    /// <summary>
    /// The client configuration. <c>AbortOnConnectFail</c> is off, so a process starts while Redis is down and the
    /// multiplexer keeps reconnecting in the background. Sentinel and Cluster use StackExchange.Redis's own support:
    /// with a service name the endpoints are Sentinels (the client asks them for the primary and follows
    /// <c>+switch-master</c>); a cluster is discovered from any node.
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

        if (options.ServiceName is not null)
        {
            configuration.ServiceName = options.ServiceName;
        }

        if (options.SentinelUser is not null)
        {
            configuration.SentinelUser = options.SentinelUser;
        }

        if (options.SentinelPassword is not null)
        {
            configuration.SentinelPassword = options.SentinelPassword;
        }

        ApplyTls(configuration, options);
        configuration.ClientName = options.ClientName ?? configuration.ClientName ?? "gatewaymesh";
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisMeshStateOptions options) =>
        await ConnectionMultiplexer.ConnectAsync(CreateConfiguration(options));

    private static void ApplyTls(ConfigurationOptions configuration, RedisMeshStateOptions options)
    {
        if (options.Tls || options.TlsCaFile is not null)
        {
            configuration.Ssl = true;
        }

        if (options.TlsCaFile is not null)
        {
            configuration.TrustIssuer(options.TlsCaFile); // only this CA: the system store is not consulted
        }

        if (options.TlsCertFile is not null || options.TlsKeyFile is not null)
        {
            if (options.TlsCertFile is null || options.TlsKeyFile is null)
            {
                throw new ArgumentException("a Redis TLS client certificate needs both the certificate file and the key file", nameof(options));
            }

            configuration.SetUserPemCertificate(options.TlsCertFile, options.TlsKeyFile);
        }
    }
}
