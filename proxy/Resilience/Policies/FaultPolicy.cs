using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// A route's compiled <c>fault</c> block: a delay and/or an abort, each with the share of requests it hits
/// (0.0 to 1.0). Null from <see cref="From"/> when nothing would ever be injected. <c>exponentialDelay</c> and
/// <c>http2Error</c> are not injected (Istio does not support them either).
/// </summary>
public sealed record FaultPolicy(DelayFault? Delay, AbortFault? Abort)
{
    public static FaultPolicy? From(HttpFaultInjection? fault)
    {
        var delay = fault?.Delay is { FixedDelay: { } fixedDelay } d ? new DelayFault(fixedDelay.Value, Rate(d.Percentage, d.Percent)) : null;
        var abort = fault?.Abort is { } a ? ToAbort(a) : null;
        if (delay is { Rate: <= 0 } || delay?.Delay <= TimeSpan.Zero)
        {
            delay = null;
        }

        if (abort is { Rate: <= 0 })
        {
            abort = null;
        }

        return delay is null && abort is null ? null : new FaultPolicy(delay, abort);
    }

    private static AbortFault? ToAbort(FaultAbort abort)
    {
        var rate = Rate(abort.Percentage, null);
        if (abort.HttpStatus is { } status)
        {
            return new AbortFault(status, null, rate);
        }

        return abort.GrpcStatus is { } name && GrpcStatusCodes.FromName(name) is { } code ? new AbortFault(200, code, rate) : null;
    }

    private static double Rate(Percent? percentage, int? percent) =>
        Math.Clamp((percentage?.Value ?? percent ?? 0) / 100.0, 0, 1);
}

/// <summary>Hold <see cref="Delay"/> before forwarding, for a share <see cref="Rate"/> of requests.</summary>
public sealed record DelayFault(TimeSpan Delay, double Rate);

/// <summary>
/// Answer instead of forwarding, for a share <see cref="Rate"/> of requests: HTTP <see cref="HttpStatus"/>, or when
/// <see cref="GrpcStatus"/> is set a gRPC trailers-only answer (HTTP 200 with <c>grpc-status</c>).
/// </summary>
public sealed record AbortFault(int HttpStatus, int? GrpcStatus, double Rate);
