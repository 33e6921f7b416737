namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>Security policies as a user writes them for the <c>meshctl up</c> mesh (Istio YAML, <c>security.istio.io/v1</c>).</summary>
internal static class MeshPolicies
{
    /// <summary>Mesh-wide STRICT: a PeerAuthentication in the root namespace with no selector.</summary>
    public const string MeshWideStrict = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: istio-system
        spec:
          mtls:
            mode: STRICT
        """;

    /// <summary>Only productpage's identity may call reviews.</summary>
    public const string ReviewsOnlyFromProductpage = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: reviews-viewer
          namespace: default
        spec:
          selector:
            matchLabels:
              app: reviews
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/productpage"]
        """;

    /// <summary>Nobody may POST to ratings.</summary>
    public const string DenyPostToRatings = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: ratings-no-post
          namespace: default
        spec:
          selector:
            matchLabels:
              app: ratings
          action: DENY
          rules:
          - to:
            - operation:
                methods: ["POST"]
        """;
}
