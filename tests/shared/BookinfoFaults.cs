namespace GatewayMesh.Testing;

/// <summary>Istio config the tests apply live to break Bookinfo on purpose, in Istio's own YAML.</summary>
internal static class BookinfoFaults
{
    /// <summary>Every details call is answered 500 by the caller's sidecar (flag FI); none reaches details-v1.</summary>
    public const string DetailsAbort = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: details
        spec:
          hosts:
          - details
          http:
          - fault:
              abort:
                percentage:
                  value: 100.0
                httpStatus: 500
            route:
            - destination:
                host: details
                subset: v1
        """;
}
