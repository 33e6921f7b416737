using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Registry.Kubernetes.Settings;
using GatewayMesh.Registry.Settings;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>
/// The registry API's bearer token in Kubernetes mode (<c>--api-token-secret</c>): kept in a Secret the registry makes
/// on first start (32 random bytes, base64url, key <c>token</c>), so every replica behind the Service accepts the same
/// token and it survives pod restarts; without it each replica would generate its own into its emptyDir and
/// <c>meshctl</c> through the Service could not authenticate. The token is written to the replica's token file (owner
/// only), where the API's authentication reads it, and is never logged. Users read it with kubectl (docs/kubernetes.md).
/// </summary>
internal static class ApiTokenSecret
{
    public const string Key = "token";

    public static async Task ApplyAsync(IKubernetes client, KubernetesOptions kube, RegistryOptions registry, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(kube.ApiTokenSecret))
        {
            return;
        }

        var token = await BootstrapSecret.EnsureAsync(client, kube.Namespace, kube.ApiTokenSecret, Key, () => new Dictionary<string, byte[]>
        {
            [Key] = Encoding.UTF8.GetBytes(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))),
        }, cancellationToken);
        var file = registry.ResolveTokenFile();
        await BootstrapSecret.WriteOwnerOnlyAsync(file, token.Trim() + "\n", cancellationToken);
        registry.TokenFile = file;
    }
}
