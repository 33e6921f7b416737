namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>HTTPFaultInjection</c>: delays and aborts injected into a share of requests.</summary>
public sealed record HttpFaultInjection
{
    public FaultDelay? Delay { get; init; }

    public FaultAbort? Abort { get; init; }
}

/// <summary>Istio's <c>HTTPFaultInjection.Delay</c>: a fixed (or exponential) delay before forwarding.</summary>
public sealed record FaultDelay
{
    /// <summary>Deprecated in Istio in favour of <see cref="Percentage"/>.</summary>
    public int? Percent { get; init; }

    public MeshDuration? FixedDelay { get; init; }

    public MeshDuration? ExponentialDelay { get; init; }

    public Percent? Percentage { get; init; }
}

/// <summary>Istio's <c>HTTPFaultInjection.Abort</c>: an error returned instead of forwarding; one error kind is set.</summary>
public sealed record FaultAbort
{
    public int? HttpStatus { get; init; }

    public string? GrpcStatus { get; init; }

    public string? Http2Error { get; init; }

    public Percent? Percentage { get; init; }
}
