using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary><c>route</c>: forward to one of the weighted destinations, after an optional rewrite, mirroring to the mirrors.</summary>
public sealed record ForwardAction(WeightedPicker Destinations, RewriteAction? Rewrite, ValueList<MirrorPolicy> Mirrors) : RouteAction;
