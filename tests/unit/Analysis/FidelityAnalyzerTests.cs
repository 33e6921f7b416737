using Xunit;
using static GatewayMesh.UnitTests.Analysis.AnalysisHarness;

namespace GatewayMesh.UnitTests.Analysis;

/// <summary>Issue 12: analysis of the kinds it added, where Istio analyses them (IST0110, IST0111, IST0127) and WorkloadEntries as workloads.</summary>
public class FidelityAnalyzerTests
{
    [Fact]
    public void Analyze_TwoSidecarsWithoutSelectorInANamespace_Ist0111OnBoth()
    {
        var messages = Analyze("""
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: a}
            spec: {egress: [{hosts: ["./*"]}]}
            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: b}
            spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}
            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: c, namespace: other}
            spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY}}
            """);

        Assert.Equal(
            [
                "Warning [IST0111] (Sidecar default/a) spec: The Sidecars a, b in namespace \"default\" have no workload selector, which leaves which one applies undefined",
                "Warning [IST0111] (Sidecar default/b) spec: The Sidecars a, b in namespace \"default\" have no workload selector, which leaves which one applies undefined",
            ],
            messages);
    }

    [Fact]
    public void Analyze_SidecarsSelectingOneWorkload_Ist0110()
    {
        var messages = Analyze("""
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: by-app}
            spec: {workloadSelector: {labels: {app: reviews}}, egress: [{hosts: ["./*"]}]}
            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: by-version}
            spec: {workloadSelector: {labels: {version: v2}}, egress: [{hosts: ["./*"]}]}
            """, BookinfoInstances());

        Assert.Equal(
            [
                "Warning [IST0110] (Sidecar default/by-app) spec.workloadSelector: The Sidecars by-app, by-version in namespace \"default\" select the same workload \"reviews-v2-1\", which leaves which one applies undefined",
                "Warning [IST0110] (Sidecar default/by-version) spec.workloadSelector: The Sidecars by-app, by-version in namespace \"default\" select the same workload \"reviews-v2-1\", which leaves which one applies undefined",
            ],
            messages);
    }

    [Fact]
    public void Analyze_ProxyConfigAndSidecarFieldsNotApplied_Gm0002NamesEachWithWhy()
    {
        var messages = Analyze("""
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: tuned}
            spec: {concurrency: 2, environmentVariables: {A: b}, image: {imageType: distroless}}
            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: default}
            spec:
              ingress:
              - {port: {number: 9080, protocol: HTTP, name: http}, defaultEndpoint: "127.0.0.1:8080"}
              - {port: {number: 9443, protocol: HTTPS, name: https}, bind: 0.0.0.0, captureMode: NONE, tls: {mode: SIMPLE}, connectionPool: {tcp: {maxConnections: 10}}}
              egress:
              - hosts: ["./*"]
              - port: {number: 3306, protocol: TCP, name: mysql}
                bind: 127.0.0.1
                captureMode: NONE
                hosts: ["*/mysql.example.com"]
              outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: egress.example.com}}
            """);

        Assert.Equal(
            [
                "Warning [GM0002] (ProxyConfig default/tuned) spec.image: accepted but not applied: proxy images come from the Helm chart's values, not from ProxyConfig",
                "Warning [GM0002] (Sidecar default/default) spec.egress[1].bind: accepted but not applied: the outbound listener's address comes from the sidecar's command line",
                "Warning [GM0002] (Sidecar default/default) spec.egress[1].captureMode: accepted but not applied: apps reach the sidecar through HTTP_PROXY or the Dapr API; there is no traffic capture to choose",
                "Warning [GM0002] (Sidecar default/default) spec.ingress[1].bind: accepted but not applied: the inbound listener's address comes from the sidecar's command line (--bind)",
                "Warning [GM0002] (Sidecar default/default) spec.ingress[1].captureMode: accepted but not applied: how inbound traffic reaches the sidecar comes from its command line (--capture)",
                "Warning [GM0002] (Sidecar default/default) spec.ingress[1].connectionPool: accepted but not applied: the sidecar's inbound connection limits come from its command line (meshctl up, the injector)",
                "Warning [GM0002] (Sidecar default/default) spec.ingress[1].tls: accepted but not applied: the inbound listener speaks mesh mTLS (PeerAuthentication) or plain HTTP; it does not terminate TLS with the workload's own certificate",
                "Warning [GM0002] (Sidecar default/default) spec.outboundTrafficPolicy.egressProxy: accepted but not applied: traffic to hosts outside the registry is passed through directly (ALLOW_ANY) or refused (REGISTRY_ONLY), never sent to an egress proxy",
            ],
            messages);
    }

    [Fact]
    public void Analyze_SelectorsMatchingNoWorkload_Ist0127()
    {
        var messages = Analyze("""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {name: jwt}
            spec: {selector: {matchLabels: {app: reviewz}}, jwtRules: [{issuer: i, jwksUri: "https://i/keys"}]}
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: ratings}
            spec: {selector: {matchLabels: {app: ratings}}, concurrency: 1}
            ---
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: mesh, namespace: istio-system}
            spec: {workloadSelector: {labels: {version: v3}}, egress: [{hosts: ["./*"]}]}
            """, BookinfoInstances());

        Assert.Equal(["Warning [IST0127] (RequestAuthentication default/jwt) spec.selector.matchLabels: No matching workloads for this resource with the following labels: app=reviewz"], messages.Where(m => !m.Contains("[GM0002]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Analyze_DestinationToAServiceOnlyAWorkloadEntryProvides_HostExists()
    {
        var messages = Analyze("""
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: mongo-vm}
            spec: {address: 10.0.0.9, labels: {app: mongodb}, ports: {tcp: 27017}}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings}
            spec: {hosts: [ratings], http: [{route: [{destination: {host: mongodb}}]}]}
            """, BookinfoInstances());

        Assert.Empty(messages);
    }
}
