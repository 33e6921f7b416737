using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

/// <summary>
/// GM0002: a field GatewayMesh accepts (validates and stores, so Istio files load unchanged) but does not apply, with
/// why; so a user never believes a setting took effect when it did not. docs/istio-support.md lists the same fields.
/// </summary>
internal static class InertSettingAnalyzer
{
    private const string SidecarCommandLine = "the sidecar's inbound listener, app port and connection limits come from its command line (meshctl up, the injector)";

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
        if (spec.Concurrency is not null)
        {
            yield return ("spec.concurrency", "a GatewayMesh proxy serves every connection on .NET's thread pool, which sizes itself to the machine's cores; there is no worker-thread count to set");
        }

        if (!spec.EnvironmentVariables.IsEmpty)
        {
            yield return ("spec.environmentVariables", "neither meshctl up nor the sidecar injector passes ProxyConfig environment variables to the proxy process");
        }

        if (spec.Image is not null)
        {
            yield return ("spec.image", "proxy images come from the Helm chart's values, not from ProxyConfig");
        }
    }

    private static IEnumerable<(string Path, string Why)> SidecarFields(SidecarSpec spec)
    {
        if (!spec.Ingress.IsEmpty)
        {
            yield return ("spec.ingress", SidecarCommandLine);
        }

        if (spec.InboundConnectionPool is not null)
        {
            yield return ("spec.inboundConnectionPool", SidecarCommandLine);
        }

        for (var i = 0; i < spec.Egress.Count; i++)
        {
            var egress = spec.Egress[i];
            if (egress.Port is not null)
            {
                yield return ($"spec.egress[{i}].port", "a port-specific egress listener's hosts are imported on every port");
            }

            if (egress.Bind is not null)
            {
                yield return ($"spec.egress[{i}].bind", "the outbound listener's address comes from the sidecar's command line");
            }

            if (egress.CaptureMode is not null)
            {
                yield return ($"spec.egress[{i}].captureMode", "apps reach the sidecar through HTTP_PROXY or the Dapr API; there is no traffic capture to choose");
            }
        }

        if (spec.OutboundTrafficPolicy?.EgressProxy is not null)
        {
            yield return ("spec.outboundTrafficPolicy.egressProxy", "traffic to hosts outside the registry is passed through directly (ALLOW_ANY) or refused (REGISTRY_ONLY), never sent to an egress proxy");
        }
    }
}
