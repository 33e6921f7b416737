using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Identity;
using GatewayMesh.Registry.Kubernetes.Leadership;

namespace GatewayMesh.Registry.Kubernetes.Settings;

/// <summary>
/// The registry's Kubernetes mode, bound from <c>Registry:Kubernetes</c> (command line <c>--kubernetes</c>,
/// <c>--webhook-port</c>, ...; see <c>Hosting/KubernetesSwitches</c>). With <see cref="Enabled"/> the API server is the
/// store of record: the leader mirrors the mesh's custom resources and the Services/Endpoints/Pods into Redis, and
/// every replica serves the validating and injecting webhooks.
/// </summary>
public sealed class KubernetesOptions : IValidatedSettings
{
    public const string SectionName = "Registry:Kubernetes";

    public bool Enabled { get; set; }

    /// <summary>A kubeconfig file; empty means the in-cluster ServiceAccount (the normal case in a pod).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>This pod's namespace (<c>POD_NAMESPACE</c>): where the leader Lease and the Redis ACL Secret live.</summary>
    public string Namespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "istio-system";

    /// <summary>This replica's identity in the Lease (<c>POD_NAME</c>, else the host name).</summary>
    public string Identity { get; set; } = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;

    public string LeaseName { get; set; } = "gatewaymesh-registry";

    public string LeaseDuration { get; set; } = "15s";

    public string RenewDeadline { get; set; } = "10s";

    public string RetryPeriod { get; set; } = "2s";

    /// <summary>HTTPS port of the webhooks (<c>/validate</c>, <c>/inject</c>); 0 picks a free one; negative turns them off.</summary>
    public int WebhookPort { get; set; } = 15017;

    /// <summary>Address the webhook listener binds.</summary>
    public string WebhookAddress { get; set; } = "0.0.0.0";

    /// <summary>The Service in front of the webhooks: its DNS names go into the serving certificate.</summary>
    public string WebhookService { get; set; } = "gatewaymesh-registry";

    /// <summary>Extra names (DNS or IP) for the serving certificate, comma-separated (tests use 127.0.0.1).</summary>
    public string? WebhookExtraNames { get; set; }

    public string MutatingWebhookConfiguration { get; set; } = "gatewaymesh-sidecar-injector";

    public string ValidatingWebhookConfiguration { get; set; } = "gatewaymesh-validator";

    /// <summary>The CA that issues the webhook serving certificate, <c>https://host:port</c>.</summary>
    public string? CaAddress { get; set; }

    /// <summary>PEM roots the CA's own certificate is checked against (the published trust bundle).</summary>
    public string? CaRootFile { get; set; }

    /// <summary>The projected ServiceAccount token (audience <c>gatewaymesh-ca</c>) shown to the CA.</summary>
    public string? CaTokenFile { get; set; }

    public string TrustDomain { get; set; } = "cluster.local";

    /// <summary>The Secret holding the in-chart Redis's ACL; created with a random registry password when missing.</summary>
    public string? RedisAclSecret { get; set; }

    /// <summary>
    /// The Secret holding the API's bearer token (key <c>token</c>), shared by every replica; created with a random
    /// token when missing (<see cref="ApiTokenSecret"/>). Empty: each replica keeps its own token file.
    /// </summary>
    public string? ApiTokenSecret { get; set; }

    /// <summary>For an external Redis: a Secret with <c>username</c> and <c>password</c> of the registry's ACL user.</summary>
    public string? RedisCredentialsSecret { get; set; }

    /// <summary><c>auto</c> (EndpointSlice discovery.k8s.io/v1 when served, else v1beta1, else Endpoints), <c>endpointslices</c> or <c>endpoints</c>.</summary>
    public string EndpointsApi { get; set; } = "auto";

    /// <summary>The injection template (JSON, the chart's gatewaymesh-injection ConfigMap).</summary>
    public string? InjectionConfig { get; set; }

    /// <summary>Adds a problem for every bad setting of the Kubernetes mode, each naming its switch.</summary>
    public void Validate(SettingsProblems problems)
    {
        problems.Try(() => LeaseTiming.Parse(LeaseDuration, RenewDeadline, RetryPeriod));
        if (WebhookPort > 65535)
        {
            problems.Add($"--webhook-port: {WebhookPort} is not a port (1-65535, 0 for a free one, negative for no webhooks)");
        }

        if (!System.Net.IPAddress.TryParse(WebhookAddress, out _))
        {
            problems.Add($"--webhook-address: '{WebhookAddress}' is not an IP address");
        }

        if (EndpointsApi.ToLowerInvariant() is not ("auto" or "endpointslices" or "endpoints"))
        {
            problems.Add($"--endpoints-api: '{EndpointsApi}' is not auto, endpointslices or endpoints");
        }

        if (!SpiffeId.TryParse($"spiffe://{TrustDomain}/ns/x/sa/x", out _))
        {
            problems.Add($"--trust-domain: '{TrustDomain}' is not a trust domain (letters, digits, '.', '-', '_')");
        }

        if (!string.IsNullOrWhiteSpace(Kubeconfig) && !File.Exists(Kubeconfig))
        {
            problems.Add($"--kubeconfig: '{Kubeconfig}' does not exist");
        }
    }
}
