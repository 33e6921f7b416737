namespace GatewayMesh.Ca.Hosting;

/// <summary>Maps the CA's command-line switches onto the <c>Ca</c> configuration section.</summary>
internal static class CommandLineArgs
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--dir"] = "Ca:Dir",
        ["--plugin-certs"] = "Ca:PluginCerts",
        ["--trust-domain"] = "Ca:TrustDomain",
        ["--listen-address"] = "Ca:ListenAddress",
        ["--port"] = "Ca:Port",
        ["--default-ttl"] = "Ca:DefaultTtl",
        ["--max-ttl"] = "Ca:MaxTtl",
        ["--rate-per-minute"] = "Ca:RatePerMinute",
        ["--rate-burst"] = "Ca:RateBurst",
        ["--max-tracked-tokens"] = "Ca:MaxTrackedTokens",
        ["--reload-interval"] = "Ca:ReloadInterval",
        ["--serving-cert-lifetime"] = "Ca:ServingCertificateLifetime",
        ["--serving-dns-names"] = "Ca:ServingDnsNames",
        ["--dns-san-grants"] = "Ca:DnsSanGrants",
        ["--kubernetes"] = "Ca:Kubernetes:Enabled",
        ["--kubeconfig"] = "Ca:Kubernetes:Kubeconfig",
        ["--kubernetes-namespace"] = "Ca:Kubernetes:Namespace",
        ["--token-audience"] = "Ca:Kubernetes:TokenAudience",
        ["--require-pod-bound-token"] = "Ca:Kubernetes:RequirePodBound",
        ["--root-secret"] = "Ca:Kubernetes:RootSecret",
        ["--root-configmap"] = "Ca:Kubernetes:RootConfigMap",
    };
}
