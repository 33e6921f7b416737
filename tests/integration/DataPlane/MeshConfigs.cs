namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>Small Istio configs for the mesh tests (sidecar routes: no gateways, so they bind to the mesh).</summary>
internal static class MeshConfigs
{
    /// <summary>A VirtualService named <paramref name="host"/> for the mesh host <paramref name="host"/> with the given <c>http</c> rules.</summary>
    public static string VirtualService(string host, string httpRules) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {host}
        spec:
          hosts: [{host}]
          http:
        {Indent(httpRules, "  ")}
        """;

    /// <summary>All reviews traffic to one subset.</summary>
    public static string ReviewsTo(string subset) => VirtualService("reviews", $"- route: [{{destination: {{host: reviews, subset: {subset}}}}}]");

    /// <summary>All ratings traffic to v1 with no fault: what <c>meshctl up</c> applies (configs/bookinfo/virtual-service-all-v1.yaml).</summary>
    public static string RatingsToV1 => VirtualService("ratings", "- route: [{destination: {host: ratings, subset: v1}}]");

    /// <summary>The reviews subsets of configs/bookinfo plus <c>v4</c>, which selects no workload.</summary>
    public const string ReviewsSubsetsWithEmptyV4 = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer: {simple: ROUND_ROBIN}
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - {name: v3, labels: {version: v3}}
          - {name: v4, labels: {version: v4}}
        """;

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(line => prefix + line));
}
