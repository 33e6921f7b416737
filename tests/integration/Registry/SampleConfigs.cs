namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>Small valid and invalid Istio documents for registry API tests.</summary>
internal static class SampleConfigs
{
    public const string ReviewsRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: default
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
        """;

    public const string RatingsRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: ratings
          namespace: default
        spec:
          host: ratings
        """;

    public static string ReviewsRoute(string subset = "v1", string? resourceVersion = null) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: default
        {(resourceVersion is null ? "" : $"  resourceVersion: \"{resourceVersion}\"")}
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: {subset}
        """;

    public static string MultiDoc(params string[] documents) => string.Join("\n---\n", documents) + "\n";

    /// <summary>Nine levels of ten aliases each: about a billion nodes once expanded.</summary>
    public static string BillionLaughs()
    {
        var lines = new List<string> { "apiVersion: networking.istio.io/v1", "kind: VirtualService", "metadata: {name: lol}", "spec:", "  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var level = 1; level < 9; level++)
        {
            var refs = string.Join(",", Enumerable.Repeat($"*a{level - 1}", 10));
            lines.Add($"  a{level}: &a{level} [{refs}]");
        }

        return string.Join("\n", lines) + "\n";
    }
}
