using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>
/// A Secret the registry makes itself on first start (never a chart template): read it, or create it with freshly
/// generated data when it does not exist; when another replica created it first (409), use theirs. So every replica
/// ends up with the same values, and they survive restarts. Also writes values to owner-only files of the state folder.
/// </summary>
internal static class BootstrapSecret
{
    /// <summary>The text of <paramref name="key"/> in the Secret <paramref name="name"/>, created from <paramref name="create"/> when missing.</summary>
    public static async Task<string> EnsureAsync(IKubernetes client, string ns, string name, string key, Func<Dictionary<string, byte[]>> create, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
            return Text(existing, key) ?? throw new InvalidOperationException($"Secret {ns}/{name} has no '{key}'");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var data = create();
            var secret = new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "gatewaymesh" } },
                Type = "Opaque",
                Data = data,
            };
            try
            {
                await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken);
                return Encoding.UTF8.GetString(data[key]);
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another replica made it first: use theirs.
                return await EnsureAsync(client, ns, name, key, create, cancellationToken);
            }
        }
    }

    public static string? Text(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var value) == true ? Encoding.UTF8.GetString(value) : null;

    /// <summary>Writes <paramref name="text"/> to <paramref name="file"/> (replacing it), readable by the owner only.</summary>
    public static async Task WriteOwnerOnlyAsync(string file, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var owner = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            owner.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(file, owner);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }
}
