using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Registry.Kubernetes.Settings;
using GatewayMesh.Registry.Settings;
using k8s;

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
            user = BootstrapSecret.Text(secret, "username") ?? throw new InvalidOperationException($"Secret {kube.RedisCredentialsSecret} has no 'username'");
            password = BootstrapSecret.Text(secret, "password") ?? throw new InvalidOperationException($"Secret {kube.RedisCredentialsSecret} has no 'password'");
        }

        if (password is null)
        {
            return;
        }

        var file = Path.GetFullPath(Path.Combine(registry.StateDir, "redis-registry.password"));
        await BootstrapSecret.WriteOwnerOnlyAsync(file, password, cancellationToken);
        registry.RedisUser = user;
        registry.RedisPasswordFile = file;
    }

    private static Task<string> EnsureAclSecretAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken) =>
        BootstrapSecret.EnsureAsync(client, ns, name, "registry-password", () =>
        {
            var registryPassword = NewPassword();
            return new Dictionary<string, byte[]>
            {
                ["users.acl"] = Encoding.UTF8.GetBytes(AclFile(registryPassword, NewPassword())),
                ["registry-password"] = Encoding.UTF8.GetBytes(registryPassword),
            };
        }, cancellationToken);

    internal static string AclFile(string registryPassword, string defaultPassword) =>
        $"user {RegistryUser} on #{Hash(registryPassword)} {RedisAclRules.Registry}\n" +
        $"user proxy on nopass {RedisAclRules.Proxy}\n" +
        $"user default on #{Hash(defaultPassword)} {RedisAclRules.Default}\n";

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
