using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>OutlierDetection</c>: ejects endpoints that keep failing from the load-balancing pool.</summary>
public sealed record OutlierDetection
{
    /// <summary>Deprecated in Istio in favour of <see cref="Consecutive5xxErrors"/>.</summary>
    public int? ConsecutiveErrors { get; init; }

    public bool? SplitExternalLocalOriginErrors { get; init; }

    public int? ConsecutiveLocalOriginFailures { get; init; }

    public int? ConsecutiveGatewayErrors { get; init; }

    public int? Consecutive5xxErrors { get; init; }

    public MeshDuration? Interval { get; init; }

    public MeshDuration? BaseEjectionTime { get; init; }

    public int? MaxEjectionPercent { get; init; }

    public int? MinHealthPercent { get; init; }

    public ValueList<int> OutlierDetectionHttpErrorCodes { get; init; }
}
