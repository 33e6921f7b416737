using GatewayMesh.Ingress.Settings;
using GatewayMesh.Ingress.Tls.Kubernetes;

namespace GatewayMesh.Ingress.Tls;

/// <summary>The credential store the options choose: a folder, Kubernetes Secrets of one namespace, or none.</summary>
internal static class CredentialStores
{
    public static ICredentialStore? Create(IngressOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        if (options.CredentialsSecretsNamespace is { Length: > 0 } ns)
        {
            return new SecretCredentialStore(KubernetesSecrets.Client(options.Kubeconfig), ns, time, loggers.CreateLogger<SecretCredentialStore>());
        }

        return options.CredentialsDir is { Length: > 0 } dir ? new FolderCredentialStore(dir) : null;
    }
}
