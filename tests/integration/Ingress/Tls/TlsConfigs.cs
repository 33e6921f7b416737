namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>Gateways with HTTPS servers for the TLS tests, and a VirtualService sending every host to <c>web</c>.</summary>
internal static class TlsConfigs
{
    /// <summary>A Gateway <c>gw</c> with the given servers (YAML list items, indented under <c>servers:</c>).</summary>
    public static string Gateway(string servers) => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: gw
        spec:
          selector:
            istio: ingressgateway
          servers:
        {servers}
        """;

    public static string HttpsServer(string host, string credential, string mode = "SIMPLE", string extra = "") => $$"""
          - port: {number: 443, name: https-{{credential}}, protocol: HTTPS}
            hosts: ["{{host}}"]
            tls: {mode: {{mode}}, credentialName: {{credential}}{{extra}}}
        """;

    public const string WebRoute = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - route: [{destination: {host: web}}]
        """;
}
