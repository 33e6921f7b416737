using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// Timeout, retries, HTTP faults, CORS and appended headers, as Istio 0.x checked them. What 0.x itself never
/// implemented (exponential delays, gRPC aborts, L4 faults) is refused with a clear error.
/// </summary>
internal static class RouteRulePoliciesValidator
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public static void Validate(ValidationContext context, RouteRule resource)
    {
        var spec = resource.Spec;
        DurationRules.AtLeastOneMillisecond(context, "spec.httpReqTimeout.simpleTimeout.timeout", spec.HttpReqTimeout?.SimpleTimeout?.Timeout);
        if (spec.HttpReqRetries?.SimpleRetry is { } retry)
        {
            NumberRules.AtLeast(context, "spec.httpReqRetries.simpleRetry.attempts", retry.Attempts, 0);
            DurationRules.AtLeastOneMillisecond(context, "spec.httpReqRetries.simpleRetry.perTryTimeout", retry.PerTryTimeout);
        }

        Fault(context, spec.HttpFault);
        if (spec.L4Fault is not null)
        {
            context.Add("spec.l4Fault", "L4 faults are not supported (Istio 0.x never implemented them)");
        }

        foreach (var (name, value) in spec.AppendHeaders)
        {
            var path = $"spec.appendHeaders[{name}]";
            if (name.Any(char.IsAsciiLetterUpper) || !HeaderRules.IsToken(name))
            {
                context.Add(path, $"invalid header name \"{name}\": expected a lower-case header name");
            }

            if (value.Length == 0)
            {
                context.Add(path, $"appended header \"{name}\" needs a value");
            }
        }

        Cors(context, spec.CorsPolicy);
    }

    private static void Fault(ValidationContext context, LegacyFault? fault)
    {
        if (fault?.Delay is { } delay)
        {
            const string path = "spec.httpFault.delay";
            NumberRules.Percentage(context, $"{path}.percent", delay.Percent);
            if (delay.ExponentialDelay is not null)
            {
                context.Add($"{path}.exponentialDelay", "exponentialDelay is not supported (nor was it in Istio 0.x); use fixedDelay");
            }
            else if (delay.FixedDelay is null)
            {
                context.Add($"{path}.fixedDelay", "fixedDelay is required");
            }

            DurationRules.AtLeastOneMillisecond(context, $"{path}.fixedDelay", delay.FixedDelay);
        }

        if (fault?.Abort is { } abort)
        {
            const string path = "spec.httpFault.abort";
            NumberRules.Percentage(context, $"{path}.percent", abort.Percent);
            if (abort.GrpcStatus is not null)
            {
                context.Add($"{path}.grpcStatus", "gRPC aborts are not supported (nor were they in Istio 0.x); use httpStatus");
            }
            else if (abort.Http2Error is not null)
            {
                context.Add($"{path}.http2Error", "http2Error aborts are not supported; use httpStatus");
            }
            else if (abort.HttpStatus is null)
            {
                context.Add($"{path}.httpStatus", "httpStatus is required");
            }

            NumberRules.Between(context, $"{path}.httpStatus", abort.HttpStatus, 100, 599);
        }
    }

    private static void Cors(ValidationContext context, LegacyCorsPolicy? cors)
    {
        if (cors is null)
        {
            return;
        }

        DurationRules.WholeSeconds(context, "spec.corsPolicy.maxAge", cors.MaxAge);
        for (var i = 0; i < cors.AllowHeaders.Count; i++)
        {
            HeaderRules.Name(context, $"spec.corsPolicy.allowHeaders[{i}]", cors.AllowHeaders[i]);
        }

        for (var i = 0; i < cors.ExposeHeaders.Count; i++)
        {
            HeaderRules.Name(context, $"spec.corsPolicy.exposeHeaders[{i}]", cors.ExposeHeaders[i]);
        }

        for (var i = 0; i < cors.AllowMethods.Count; i++)
        {
            if (!Methods.Contains(cors.AllowMethods[i]))
            {
                context.Add($"spec.corsPolicy.allowMethods[{i}]", $"\"{cors.AllowMethods[i]}\" is not a supported HTTP method");
            }
        }
    }
}
