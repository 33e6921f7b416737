using GatewayMesh.Registry.Kubernetes.Settings;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// What a joining workload's certificate is checked against: the CA's trust bundle (<c>--ca-root-file</c>, PEM) and the
/// mesh's trust domain (<c>--trust-domain</c>, default <c>cluster.local</c>). They are the switches the Kubernetes
/// mode already reads for its webhook certificate, with the same meaning, so they are read from that section in every
/// mode. Without a bundle every auto-registration is refused.
/// </summary>
internal sealed record AutoRegistrationTrust(string? RootFile, string TrustDomain)
{
    public static AutoRegistrationTrust From(IConfiguration configuration)
    {
        var section = configuration.GetSection(KubernetesOptions.SectionName);
        var domain = section[nameof(KubernetesOptions.TrustDomain)];
        return new AutoRegistrationTrust(section[nameof(KubernetesOptions.CaRootFile)], string.IsNullOrWhiteSpace(domain) ? "cluster.local" : domain);
    }
}
