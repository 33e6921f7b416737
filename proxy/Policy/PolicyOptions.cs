namespace GatewayMesh.Proxy.Policy;

/// <summary>Policy settings of a proxy.</summary>
public sealed record PolicyOptions
{
    public static PolicyOptions Default { get; } = new();

    /// <summary>The mesh's root namespace: Mixer rules there apply to every call; the MeshConfig lives there.</summary>
    public string RootNamespace { get; init; } = "istio-system";

    /// <summary>
    /// The ingress gateway's identity (namespace, service account). An inbound sidecar does not charge quotas again for
    /// calls whose verified mTLS peer is the ingress, which charged them when the call entered the mesh.
    /// </summary>
    public (string Namespace, string ServiceAccount) IngressIdentity { get; init; } = ("istio-system", "istio-ingressgateway-service-account");

    /// <summary>
    /// How long a proxy waits for the shared counters (redisquota, global rate limits) before deciding without them, as
    /// the mesh config says (fail open by default). Short, because a call waits for it when its proxy has no tokens left.
    /// </summary>
    public TimeSpan SharedCounterTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many check answers a proxy caches (per config).</summary>
    public int CheckCacheSize { get; init; } = 10_000;
}
