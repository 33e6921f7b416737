using GatewayMesh.Registry.Kubernetes.Settings;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>The one KubernetesClient the registry uses: in-cluster ServiceAccount credentials, or a kubeconfig file.</summary>
internal static class KubeClientFactory
{
    public static IKubernetes Create(KubernetesOptions options)
    {
        var config = string.IsNullOrWhiteSpace(options.Kubeconfig)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        return new k8s.Kubernetes(config);
    }
}
