using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Registry.Hosting;
using k8s;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>
/// The registry's Redis login in Kubernetes mode, settled before the state components are built:
/// <list type="bullet">
/// <item>in-chart Redis (<c>--redis-acl-secret</c>): the registry makes the ACL Secret the Redis pod mounts, once,
/// with random passwords for <c>registry</c> and <c>default</c> (stored only as SHA-256 in the ACL) and a password-less,
/// read-only <c>proxy</c> user for the ingress and sidecars; no chart template ever holds a secret;</item>
/// <item>external Redis (<c>--redis-credentials-secret</c>): <c>username</c> and <c>password</c> come from that Secret.</item>
/// </list>
/// The password is written to an owner-only file in the state folder and passed on as <c>--redis-password-file</c>.
/// </summary>
internal static class RedisCredentials
{
    public const string RegistryUser = "registry";

    public static async Task ApplyAsync(IKubernetes client, KubernetesOptions kube, RegistryOptions registry, CancellationToken cancellationToken)
    {
        string? user = null, password = null;
        if (!string.IsNullOrEmpty(kube.RedisAclSecret))
        {
            (user, password) = (RegistryUser, await EnsureAclSecretAsync(client, kube.Namespace, kube.RedisAclSecret, cancellationToken));
        }
        else if (!string.IsNullOrEmpty(kube.RedisCredentialsSecret))
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(kube.RedisCredentialsSecret, kube.Namespace, cancellationToken: cancellationToken);
            user = Text(secret, "username") ?? throw new InvalidOperationException($"Secret {kube.RedisCredentialsSecret} has no 'username'");
            password = Text(secret, "password") ?? throw new InvalidOperationException($"Secret {kube.RedisCredentialsSecret} has no 'password'");
        }

        if (password is null)
        {
            return;
        }

        Directory.CreateDirectory(registry.StateDir);
        var file = Path.GetFullPath(Path.Combine(registry.StateDir, "redis-registry.password"));
        var owner = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            owner.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(file, owner))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(password), cancellationToken);
        }

        registry.RedisUser = user;
        registry.RedisPasswordFile = file;
    }

    private static async Task<string> EnsureAclSecretAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
            return Text(existing, "registry-password") ?? throw new InvalidOperationException($"Secret {name} has no 'registry-password'");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var registryPassword = NewPassword();
            var secret = new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "gatewaymesh" } },
                Type = "Opaque",
                Data = new Dictionary<string, byte[]>
                {
                    ["users.acl"] = Encoding.UTF8.GetBytes(AclFile(registryPassword, NewPassword())),
                    ["registry-password"] = Encoding.UTF8.GetBytes(registryPassword),
                },
            };
            try
            {
                await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken);
                return registryPassword;
            }
            catch (k8s.Autorest.HttpOperationException conflict) when (conflict.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Another replica made it first: use theirs.
                return await EnsureAclSecretAsync(client, ns, name, cancellationToken);
            }
        }
    }

    internal static string AclFile(string registryPassword, string defaultPassword) =>
        $"user {RegistryUser} on #{Hash(registryPassword)} {RedisAclRules.Registry}\n" +
        $"user proxy on nopass {RedisAclRules.Proxy}\n" +
        $"user default on #{Hash(defaultPassword)} {RedisAclRules.Default}\n";

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    private static string? Text(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var value) == true ? Encoding.UTF8.GetString(value) : null;
}
