using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Builds <see cref="RedisMeshStateOptions"/> from the command-line switches every component shares.</summary>
public static class RedisMeshStateOptionsFactory
{
    /// <summary>
    /// <paramref name="redis"/> is a <c>host:port</c> endpoint, or a full connection string when it holds ',' or '='.
    /// The password only ever comes from a file, so it never appears in a process listing.
    /// </summary>
    public static RedisMeshStateOptions FromSwitches(string redis, string? user, string? passwordFile, string? keyPrefix, string clientName)
    {
        var endpoint = redis.Trim();
        var isConnectionString = endpoint.Contains(',', StringComparison.Ordinal) || endpoint.Contains('=', StringComparison.Ordinal);
        return new RedisMeshStateOptions
        {
            ConnectionString = isConnectionString ? endpoint : null,
            Endpoints = isConnectionString ? default : new ValueList<string>([endpoint]),
            User = string.IsNullOrWhiteSpace(user) ? null : user,
            Password = ReadPassword(passwordFile),
            KeyPrefix = string.IsNullOrEmpty(keyPrefix) ? RedisMeshStateOptions.DefaultKeyPrefix : keyPrefix,
            ClientName = clientName,
        };
    }

    private static string? ReadPassword(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var password = File.ReadAllText(path).Trim();
        return password.Length == 0 ? throw new InvalidOperationException($"The Redis password file {path} is empty.") : password;
    }
}
