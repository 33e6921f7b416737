namespace GatewayMesh.Proxy.Routing;

/// <summary><c>mirror</c>/<c>mirrors</c>: a copy of <see cref="Percentage"/> % of requests goes to <see cref="Cluster"/>; its answer is dropped.</summary>
public sealed record MirrorPolicy(ClusterKey Cluster, double Percentage);
