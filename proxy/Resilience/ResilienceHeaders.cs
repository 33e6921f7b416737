namespace GatewayMesh.Proxy.Resilience;

/// <summary>Response flags the proxy adds so callers can see which path a request took (like Envoy's <c>x-envoy-*</c>).</summary>
public static class ResilienceHeaders
{
    /// <summary>How many times the request was retried; absent when it was not.</summary>
    public const string Retries = "x-gatewaymesh-retries";

    /// <summary>How many extra (hedged) requests were sent; absent when none.</summary>
    public const string Hedges = "x-gatewaymesh-hedges";

    /// <summary>Which faults were injected: <c>delay</c>, <c>abort</c> or <c>delay,abort</c>; absent when none.</summary>
    public const string Fault = "x-gatewaymesh-fault";
}

/// <summary>The faults injected into one request.</summary>
[Flags]
public enum InjectedFaults
{
    None = 0,
    Delay = 1,
    Abort = 2,
}
