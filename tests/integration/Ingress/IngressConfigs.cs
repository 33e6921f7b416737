namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>Small Istio configs for ingress tests: a catch-all gateway on port 80 and VirtualServices bound to it.</summary>
internal static class IngressConfigs
{
    public static string Gateway(string hosts = "\"*\"") => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: gw
        spec:
          selector:
            istio: ingressgateway
          servers:
          - port: {"{"}number: 80, name: http, protocol: HTTP{"}"}
            hosts: [{hosts}]
        """;

    /// <summary>A VirtualService named <paramref name="name"/> for every host, bound to <c>gw</c>, with the given <c>http</c> rules.</summary>
    public static string VirtualService(string name, string httpRules) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {name}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
        {Indent(httpRules, "  ")}
        """;

    public const string ReviewsSubsets = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
          - name: v9
            labels: {version: v9}
        """;

    /// <summary>A DestinationRule named after <paramref name="host"/> with the given <c>trafficPolicy</c> (YAML, unindented).</summary>
    public static string DestinationRule(string host, string trafficPolicy) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {host}
        spec:
          host: {host}
          trafficPolicy:
        {Indent(trafficPolicy, "    ")}
        """;

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(line => prefix + line));
}
