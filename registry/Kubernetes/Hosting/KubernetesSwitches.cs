using GatewayMesh.Registry.Kubernetes.Settings;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>The command-line switches of the Kubernetes mode, mapped onto <see cref="KubernetesOptions"/>.</summary>
internal static class KubernetesSwitches
{
    private const string Prefix = KubernetesOptions.SectionName + ":";

    public static IReadOnlyDictionary<string, string> Mappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--kubernetes"] = Prefix + nameof(KubernetesOptions.Enabled),
        ["--kubeconfig"] = Prefix + nameof(KubernetesOptions.Kubeconfig),
        ["--kubernetes-namespace"] = Prefix + nameof(KubernetesOptions.Namespace),
        ["--kubernetes-identity"] = Prefix + nameof(KubernetesOptions.Identity),
        ["--kubernetes-lease-name"] = Prefix + nameof(KubernetesOptions.LeaseName),
        ["--leader-lease-duration"] = Prefix + nameof(KubernetesOptions.LeaseDuration),
        ["--leader-renew-deadline"] = Prefix + nameof(KubernetesOptions.RenewDeadline),
        ["--leader-retry-period"] = Prefix + nameof(KubernetesOptions.RetryPeriod),
        ["--webhook-port"] = Prefix + nameof(KubernetesOptions.WebhookPort),
        ["--webhook-address"] = Prefix + nameof(KubernetesOptions.WebhookAddress),
        ["--webhook-service"] = Prefix + nameof(KubernetesOptions.WebhookService),
        ["--webhook-extra-names"] = Prefix + nameof(KubernetesOptions.WebhookExtraNames),
        ["--mutating-webhook-configuration"] = Prefix + nameof(KubernetesOptions.MutatingWebhookConfiguration),
        ["--validating-webhook-configuration"] = Prefix + nameof(KubernetesOptions.ValidatingWebhookConfiguration),
        ["--ca-address"] = Prefix + nameof(KubernetesOptions.CaAddress),
        ["--ca-root-file"] = Prefix + nameof(KubernetesOptions.CaRootFile),
        ["--ca-token-file"] = Prefix + nameof(KubernetesOptions.CaTokenFile),
        ["--trust-domain"] = Prefix + nameof(KubernetesOptions.TrustDomain),
        ["--redis-acl-secret"] = Prefix + nameof(KubernetesOptions.RedisAclSecret),
        ["--redis-credentials-secret"] = Prefix + nameof(KubernetesOptions.RedisCredentialsSecret),
        ["--api-token-secret"] = Prefix + nameof(KubernetesOptions.ApiTokenSecret),
        ["--endpoints-api"] = Prefix + nameof(KubernetesOptions.EndpointsApi),
        ["--injection-config"] = Prefix + nameof(KubernetesOptions.InjectionConfig),
    };

    /// <summary>Switches that are flags (no value).</summary>
    public static IReadOnlyList<string> Flags { get; } = ["--kubernetes"];
}
