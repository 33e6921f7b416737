using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// GM0002: a field GatewayMesh accepts (validates and stores, so Istio files load unchanged) but does not apply, with
/// why; so a user never believes a setting took effect when it did not. docs/istio-support.md lists the same fields.
/// Applied, so not reported: Sidecar <c>egress[].hosts</c> and <c>egress[].port</c> (what the proxy loads and on which
/// ports), <c>ingress[].port</c> and <c>ingress[].defaultEndpoint</c> (where the inbound listener forwards),
/// <c>outboundTrafficPolicy.mode</c>.
/// </summary>
internal static class InertSettingAnalyzer
{
    private const string SidecarCommandLine = "the sidecar's inbound connection limits come from its command line (meshctl up, the injector)";

    public static IEnumerable<AnalysisMessage> Analyze(AnalysisIndex index)
    {
        foreach (var resource in index.Configs)
        {
            var messages = resource switch
            {
                ProxyConfig proxyConfig => ProxyConfigFields(proxyConfig.Spec),
                Config.Model.Sidecar sidecar => SidecarFields(sidecar.Spec),
                _ => [],
            };
            foreach (var (path, why) in messages)
            {
                yield return new AnalysisMessage(AnalysisCodes.InertSetting, AnalysisLevel.Warning, ResourceDisplay.Of(resource), path, $"accepted but not applied: {why}");
            }
        }
    }

    private static IEnumerable<(string Path, string Why)> ProxyConfigFields(ProxyConfigSpec spec)
    {
        if (spec.Image is not null)
        {
            yield return ("spec.image", "proxy images come from the Helm chart's values, not from ProxyConfig");
        }
    }

    private static IEnumerable<(string Path, string Why)> SidecarFields(SidecarSpec spec)
    {
        var ingress = spec.Ingress.SelectMany((listener, i) => Set(
            $"spec.ingress[{i}]",
            ("bind", listener.Bind, "the inbound listener's address comes from the sidecar's command line (--bind)"),
            ("captureMode", listener.CaptureMode, "how inbound traffic reaches the sidecar comes from its command line (--capture)"),
            ("tls", listener.Tls, "the inbound listener speaks mesh mTLS (PeerAuthentication) or plain HTTP; it does not terminate TLS with the workload's own certificate"),
            ("connectionPool", listener.ConnectionPool, SidecarCommandLine)));
        var egress = spec.Egress.SelectMany((listener, i) => Set(
            $"spec.egress[{i}]",
            ("bind", listener.Bind, "the outbound listener's address comes from the sidecar's command line"),
            ("captureMode", listener.CaptureMode, "apps reach the sidecar through HTTP_PROXY or the Dapr API; there is no traffic capture to choose")));
        return ingress.Concat(egress)
            .Concat(Set("spec", ("inboundConnectionPool", spec.InboundConnectionPool, SidecarCommandLine)))
            .Concat(Set(
                "spec.outboundTrafficPolicy",
                ("egressProxy", spec.OutboundTrafficPolicy?.EgressProxy, "traffic to hosts outside the registry is passed through directly (ALLOW_ANY) or refused (REGISTRY_ONLY), never sent to an egress proxy")));
    }

    /// <summary>The fields of <paramref name="path"/> that are set, each with why it is not applied.</summary>
    private static IEnumerable<(string Path, string Why)> Set(string path, params (string Field, object? Value, string Why)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => ($"{path}.{f.Field}", f.Why));
}
