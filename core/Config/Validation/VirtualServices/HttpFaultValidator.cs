using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>
/// Fault injection: a delay needs a duration and a percentage, an abort needs an error and a percentage.
/// A missing percentage is refused rather than read as 100%, so nobody injects faults into all traffic by accident.
/// </summary>
internal static class HttpFaultValidator
{
    private static readonly string[] GrpcCodes =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            if (resource.Spec.Http[i].Fault is not { } fault)
            {
                continue;
            }

            var path = $"spec.http[{i}].fault";
            if (fault.Delay is null && fault.Abort is null)
            {
                context.Add(path, "set delay, abort or both");
            }

            if (fault.Delay is { } delay)
            {
                Delay(context, $"{path}.delay", delay);
            }

            if (fault.Abort is { } abort)
            {
                Abort(context, $"{path}.abort", abort);
            }
        }
    }

    private static void Delay(ValidationContext context, string path, FaultDelay delay)
    {
        var kind = delay.ExponentialDelay is not null ? "exponentialDelay" : "fixedDelay";
        if (delay.FixedDelay is null && delay.ExponentialDelay is null)
        {
            context.Add(path, "set fixedDelay or exponentialDelay");
        }
        else if (delay.FixedDelay is not null && delay.ExponentialDelay is not null)
        {
            context.Add(path, "set fixedDelay or exponentialDelay, not both");
        }

        DurationRules.AtLeastOneMillisecond(context, $"{path}.fixedDelay", delay.FixedDelay);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.exponentialDelay", delay.ExponentialDelay);
        Share(context, path, kind, delay.Percentage, delay.Percent);
    }

    private static void Abort(ValidationContext context, string path, FaultAbort abort)
    {
        var errors = new[] { abort.HttpStatus is not null, abort.GrpcStatus is not null, abort.Http2Error is not null }.Count(set => set);
        if (errors != 1)
        {
            context.Add(path, "set exactly one of httpStatus, grpcStatus or http2Error");
        }

        if (abort.HttpStatus is { } status and (< 100 or > 599))
        {
            context.Add($"{path}.httpStatus", $"status must be an HTTP status between 100 and 599, got {status}");
        }

        if (abort.GrpcStatus is { } grpc && !GrpcCodes.Contains(grpc))
        {
            context.Add($"{path}.grpcStatus", $"unknown gRPC status \"{grpc}\"; expected a code name such as UNAVAILABLE");
        }

        Share(context, path, "abort", abort.Percentage, percent: null);
    }

    private static void Share(ValidationContext context, string path, string what, Percent? percentage, int? percent)
    {
        if (percentage is null && percent is null)
        {
            context.Add(path, $"{what} requires a percentage");
        }

        NumberRules.Percentage(context, $"{path}.percentage", percentage);
        NumberRules.Percentage(context, $"{path}.percent", percent);
    }
}
