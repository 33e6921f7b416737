using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Proxy.Hosting;

namespace GatewayMesh.Ingress.Settings;

/// <summary>
/// Settings of the ingress gateway, bound from the <c>Ingress</c> configuration section (command line
/// <c>--http-port</c>, <c>--redis</c>, ..., or environment <c>GATEWAYMESH_INGRESS__REDIS</c>, ...): the settings every
/// proxy has (<see cref="ProxyHostOptions"/>) and the gateway's own listeners, credentials and labels.
/// </summary>
public sealed class IngressOptions : ProxyHostOptions
{
    public const string Section = "Ingress";

    /// <summary>The ingress's own command-line switches (the shared ones are <see cref="ProxyHostOptions.Switches"/>).</summary>
    public static readonly IReadOnlyList<string> RoleSwitches = ["http-port", "https-port", "https-redirect-port", "credentials-dir", "credentials-secrets-namespace", "kubeconfig", "labels"];

    public IngressOptions()
    {
        AdminPort = 15000;
        Namespace = "istio-system";
        ServiceAccount = "istio-ingressgateway-service-account";
    }

    /// <summary>The HTTP listener; 0 picks a free port. Gateway servers on port 80 or 8080 are served here.</summary>
    public int HttpPort { get; set; } = 31380;

    /// <summary>The HTTPS listener; 0 picks a free port. Gateway servers on port 443 or 8443 that terminate TLS are served here.</summary>
    public int HttpsPort { get; set; } = 31390;

    /// <summary>
    /// The port an <c>httpsRedirect</c> Location names; null: the HTTPS listener's own (443 names none, as Istio does).
    /// Set it when clients reach the HTTPS listener through another port (e.g. a Kubernetes Service on 443).
    /// </summary>
    public int? HttpsRedirectPort { get; set; }

    /// <summary>
    /// Where <c>credentialName</c>s resolve: <c>&lt;dir&gt;/&lt;credentialName&gt;/tls.crt</c>, <c>tls.key</c> and, for
    /// MUTUAL, <c>ca.crt</c> (the keys of a Kubernetes TLS Secret). Watched for changes.
    /// </summary>
    public string? CredentialsDir { get; set; }

    /// <summary>
    /// In Kubernetes: <c>credentialName</c>s are Secrets of this namespace (the ingress's own, as Istio's gateway
    /// credentials are), read through the API server with the pod's ServiceAccount, each watched by name while a served
    /// Gateway names it. Keys <c>tls.crt</c>/<c>tls.key</c>/<c>ca.crt</c>, or Istio's <c>cert</c>/<c>key</c>/<c>cacert</c>.
    /// </summary>
    public string? CredentialsSecretsNamespace { get; set; }

    /// <summary>With <see cref="CredentialsSecretsNamespace"/>: a kubeconfig file instead of the pod's in-cluster ServiceAccount.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>This proxy's labels, <c>key=value</c> pairs separated by commas; Gateways select on them.</summary>
    public string Labels { get; set; } = "istio=ingressgateway";

    protected override string SectionName => Section;

    protected override string ClientName => "gatewaymesh-ingress";

    protected override string DefaultStateDirName => "ingress";

    public override void Validate(SettingsProblems problems)
    {
        base.Validate(problems);
        problems.Port("--http-port", HttpPort);
        problems.Port("--https-port", HttpsPort);
        if (HttpsRedirectPort is { } redirect)
        {
            problems.Port("--https-redirect-port", redirect);
        }

        problems.Try(ParseLabels);
        if (!string.IsNullOrEmpty(CredentialsDir) && !string.IsNullOrEmpty(CredentialsSecretsNamespace))
        {
            problems.Add("--credentials-dir and --credentials-secrets-namespace: choose one place credentialNames resolve");
        }

        if (!string.IsNullOrEmpty(Kubeconfig) && string.IsNullOrEmpty(CredentialsSecretsNamespace))
        {
            problems.Add("--kubeconfig: only read with --credentials-secrets-namespace");
        }
    }

    /// <summary>Parses <see cref="Labels"/>; throws with the offending entry when one is not <c>key=value</c>.</summary>
    public ValueMap<string, string> ParseLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"--labels: '{entry}' is not key=value");
            }

            labels[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
        }

        return labels.ToValueMap();
    }
}
