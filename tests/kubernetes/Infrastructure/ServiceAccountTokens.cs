using k8s;
using k8s.Models;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>ServiceAccount tokens from the real TokenRequest API, and kubeconfigs that log in with them.</summary>
public static class ServiceAccountTokens
{
    /// <summary>A token for <paramref name="serviceAccount"/>, for <paramref name="audience"/> (null: the API server's own), optionally bound to a pod.</summary>
    public static async Task<string> RequestAsync(IKubernetes client, string ns, string serviceAccount, string? audience, V1Pod? boundTo = null)
    {
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = audience is null ? [] : [audience],
                ExpirationSeconds = 3600,
                BoundObjectRef = boundTo is null ? null : new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = boundTo.Metadata.Name, Uid = boundTo.Metadata.Uid },
            },
        };
        var response = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, ns);
        return response.Status.Token;
    }

    /// <summary>Writes a kubeconfig for the test API server that logs in as the ServiceAccount (its RBAC applies).</summary>
    public static async Task<string> KubeconfigAsync(KubeApiServer server, string ns, string serviceAccount, string directory)
    {
        var token = await RequestAsync(server.Client, ns, serviceAccount, audience: null);
        var path = Path.Combine(directory, $"{ns}-{serviceAccount}.kubeconfig");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: t, cluster: {"{"}server: "{server.Url}", insecure-skip-tls-verify: true{"}"}{"}"}]
            users: [{"{"}name: sa, user: {"{"}token: "{token}"{"}"}{"}"}]
            contexts: [{"{"}name: t, context: {"{"}cluster: t, user: sa{"}"}{"}"}]
            current-context: t
            """);
        return path;
    }

    public static async Task EnsureServiceAccountAsync(IKubernetes client, string ns, string name)
    {
        try
        {
            await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>A namespace with its <c>default</c> ServiceAccount (no controller-manager makes it here).</summary>
    public static async Task EnsureNamespaceAsync(IKubernetes client, string ns, IDictionary<string, string>? labels = null)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = labels } });
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }

        await EnsureServiceAccountAsync(client, ns, "default");
    }

    /// <summary>A pod that stays Pending (no kubelet), only so that tokens can be bound to it.</summary>
    public static async Task<V1Pod> PendingPodAsync(IKubernetes client, string ns, string name, string serviceAccount, IDictionary<string, string>? labels = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { ["sidecar.istio.io/inject"] = "false" } },
            Spec = new V1PodSpec
            {
                ServiceAccountName = serviceAccount,
                Containers = [new V1Container { Name = "app", Image = "example.invalid/app:1" }],
            },
        };
        return await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
    }
}
