using System.Text;
using GatewayMesh.Ca.Authority;
using k8s;
using k8s.Models;

namespace GatewayMesh.Ca.Kubernetes;

/// <summary>
/// Keeps the CA's root of trust in a Secret (as Istio keeps its self-signed root in <c>istio-ca-secret</c>), so a
/// restarted or rescheduled CA pod signs with the same root and every workload's trust survives. At start the Secret's
/// files are written into the CA folder (owner-only) before the root is loaded; when there is no Secret yet, the root
/// the CA creates is saved into a new one. Secret keys are the files' paths under the folder, '/' written as '__'.
/// The audit log stays on disk only.
/// </summary>
internal static class RootSecretStore
{
    private const string Separator = "__";

    public static async Task RestoreAsync(IKubernetes client, string ns, string name, CaDirectory directory, CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            var relative = key.Replace(Separator, "/", StringComparison.Ordinal);
            var path = Path.GetFullPath(Path.Combine(directory.Path, relative));
            if (!path.StartsWith(Path.GetFullPath(directory.Path) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.Contains("..", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Secret {ns}/{name}: key '{key}' does not name a file inside the CA folder");
            }

            OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(path)!);
            OwnerOnlyFiles.Write(path, Encoding.UTF8.GetString(value));
        }
    }

    /// <summary>Saves the folder's root files into a new Secret; an existing Secret is left as it is.</summary>
    public static async Task SaveIfMissingAsync(IKubernetes client, string ns, string name, CaDirectory directory, CancellationToken cancellationToken)
    {
        var data = Directory.EnumerateFiles(directory.Path, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFullPath(f) != Path.GetFullPath(directory.AuditLogFile))
            .ToDictionary(f => Path.GetRelativePath(directory.Path, f).Replace("/", Separator, StringComparison.Ordinal), File.ReadAllBytes);
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "gatewaymesh" } },
            Type = "Opaque",
            Data = data,
        };
        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Saved already (another replica, or a previous start).
        }
    }
}
