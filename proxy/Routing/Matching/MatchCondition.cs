namespace GatewayMesh.Proxy.Routing;

/// <summary>One compiled condition of an Istio <c>HTTPMatchRequest</c>; a match block ANDs its conditions.</summary>
public abstract record MatchCondition
{
    public abstract bool Matches(in RequestView request);
}
