using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Ca.Kubernetes;

/// <summary>
/// The CA's Kubernetes mode, bound from <c>Ca:Kubernetes</c> (<c>--kubernetes</c>, <c>--token-audience</c>, ...):
/// ServiceAccount tokens are reviewed by the API server (TokenReview), the trust bundle is published to every namespace
/// as the ConfigMap <c>gatewaymesh-ca-root-cert</c>, and the CA's own root can be kept in a Secret.
/// </summary>
public sealed class CaKubernetesOptions : IValidatedSettings
{
    public const string SectionName = "Ca:Kubernetes";

    public bool Enabled { get; set; }

    /// <summary>A kubeconfig file; empty means the in-cluster ServiceAccount.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The audience every reviewed token must carry (its projected volume's <c>audience</c>).</summary>
    public string TokenAudience { get; set; } = Core.Identity.CaApi.TokenAudience;

    /// <summary>Require the token to be bound to a pod (a projected token, not a long-lived Secret token).</summary>
    public bool RequirePodBound { get; set; } = true;

    /// <summary>This pod's namespace, where the root Secret lives.</summary>
    public string Namespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "istio-system";

    /// <summary>Keep the CA's own root (its --dir files) in this Secret, restored at start; empty to keep it only on disk.</summary>
    public string? RootSecret { get; set; }

    /// <summary>The ConfigMap the trust bundle is published as, in every namespace; empty to publish none.</summary>
    public string RootConfigMap { get; set; } = "gatewaymesh-ca-root-cert";

    /// <summary>Adds a problem for every bad setting of the Kubernetes mode, each naming its switch.</summary>
    public void Validate(SettingsProblems problems)
    {
        if (string.IsNullOrWhiteSpace(TokenAudience))
        {
            problems.Add("--token-audience: required (the audience of the pods' projected tokens)");
        }

        if (!string.IsNullOrWhiteSpace(Kubeconfig) && !File.Exists(Kubeconfig))
        {
            problems.Add($"--kubeconfig: '{Kubeconfig}' does not exist");
        }
    }
}
