namespace GatewayMesh.Proxy.Routing;

/// <summary>One <c>route</c> destination: its cluster, its relative weight, and header changes applied when it is chosen.</summary>
public sealed record WeightedDestination(ClusterKey Cluster, int Weight, HeaderPolicy Headers);
