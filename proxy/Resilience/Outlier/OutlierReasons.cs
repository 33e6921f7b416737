namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>Names of <see cref="OutlierReason"/> for logs, metrics and the admin view, spelled as Envoy's ejection types.</summary>
public static class OutlierReasons
{
    public static string Name(OutlierReason reason) => reason switch
    {
        OutlierReason.Consecutive5xx => "consecutive_5xx",
        OutlierReason.ConsecutiveGatewayErrors => "consecutive_gateway_failure",
        _ => "consecutive_local_origin_failure",
    };
}
