namespace GatewayMesh.Proxy.Routing;

/// <summary>What a matching rule does: forward to weighted clusters, redirect, or answer directly.</summary>
public abstract record RouteAction;
