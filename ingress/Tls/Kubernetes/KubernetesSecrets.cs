using k8s;

namespace GatewayMesh.Ingress.Tls.Kubernetes;

/// <summary>
/// The API client the ingress reads Secrets with: the pod's ServiceAccount (in-cluster), or a kubeconfig file. The
/// chart's Role lets that ServiceAccount read Secrets of its own namespace only.
/// </summary>
internal static class KubernetesSecrets
{
    public static IKubernetes Client(string? kubeconfig) => new k8s.Kubernetes(string.IsNullOrWhiteSpace(kubeconfig)
        ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

    /// <summary>The Secret keys that may hold <paramref name="key"/>: the TLS Secret's, then Istio's generic form.</summary>
    public static IReadOnlyList<string> Aliases(string key) => key switch
    {
        CredentialPaths.CertificateFile => [key, "cert"],
        CredentialPaths.KeyFile => [key, "key"],
        CredentialPaths.CaFile => [key, "cacert"],
        _ => [key],
    };
}
