namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>Which run of consecutive failures made an endpoint an outlier.</summary>
public enum OutlierReason
{
    Consecutive5xx = 0,
    ConsecutiveGatewayErrors = 1,
    ConsecutiveLocalOriginFailures = 2,
}
