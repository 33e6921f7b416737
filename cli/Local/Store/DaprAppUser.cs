using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// Gives an app that <c>meshctl run</c> starts its own Redis user on the mesh's private Redis, as <c>up</c> gives each
/// Bookinfo app one (<see cref="DaprAppAcl"/>'s rules, user <c>app-&lt;appId&gt;</c>, password in
/// <c>secrets/redis-app-&lt;appId&gt;.password</c>, kept across runs). Created live with <c>ACL SETUSER</c> as the
/// <c>default</c> user; not written to the ACL file, so it is set again on every run (a restarted Redis forgets it).
/// With an external Redis the app gets no user of its own (null).
/// </summary>
internal static class DaprAppUser
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<RedisUser?> EnsureAsync(MeshPaths paths, MeshState state, string appId, CancellationToken cancellationToken)
    {
        if (state.ExternalRedis || state.Redis is null || !IPEndPoint.TryParse(state.Redis, out var endpoint))
        {
            return null;
        }

        var name = DaprAppAcl.UserName(appId);
        var file = Path.Combine(paths.SecretsDir, $"redis-{name}.password");
        var password = SecretFile.ReadOrCreate(file);
        var admin = File.ReadAllText(Path.Combine(paths.SecretsDir, "redis-default.password")).Trim();
        string[] setUser = ["ACL", "SETUSER", name, "reset", "on", ">" + password, .. DaprAppAcl.RuleArguments(appId, RedisAcl.MeshKeyPrefixes)];
        var replies = await SendAsync(endpoint, [RedisPing.Command("AUTH", "default", admin), RedisPing.Command(setUser)], cancellationToken);
        if (replies is not ["+OK", "+OK"])
        {
            throw new CliException(
                $"cannot create the Redis user {name} for app {appId} at {state.Redis}",
                [.. replies.Select(r => r.Length > 120 ? r[..120] : r)]);
        }

        return new RedisUser(name, file, password);
    }

    private static async Task<List<string>> SendAsync(IPEndPoint endpoint, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(commands)), timeout.Token);
        return await RedisPing.ReadLinesAsync(stream, commands.Count, timeout.Token);
    }
}
