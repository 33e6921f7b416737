using Polly;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Whether one attempt's outcome may be tried again under a route's <c>retryOn</c>, and what the request itself
/// allows. The safety rules come first:
/// <list type="bullet">
/// <item>a request with a body is retried only after a connect failure: its body was never read, so it can still be
/// sent; once any of it may have been streamed it is never retried (bodies are not buffered);</item>
/// <item>a non-idempotent method (POST, PATCH, CONNECT, unknown methods) is retried only when the upstream never
/// received the request: connect failures and refused streams.</item>
/// </list>
/// gRPC conditions read <c>grpc-status</c> in the response headers (trailers-only answers), as Envoy does; a status
/// in the trailers comes after the response has started and cannot be retried.
/// </summary>
public static class RetryDecision
{
    public static bool ShouldRetry(RetryPolicy policy, in Outcome<HttpResponseMessage> outcome, RequestTraits request)
    {
        if (outcome.Exception is { } exception)
        {
            return ShouldRetry(policy, AttemptFailures.Classify(exception), request);
        }

        return outcome.Result is { } response && !request.HasBody && request.IsIdempotent && IsRetriable(policy, response);
    }

    public static bool ShouldRetry(RetryPolicy policy, AttemptFailure failure, RequestTraits request)
    {
        var conditions = policy.Conditions;
        var allowed = failure switch
        {
            AttemptFailure.ConnectFailure => RetryOn.ConnectFailure | RetryOn.ResetBeforeRequest | RetryOn.Reset | RetryOn.FiveXx | RetryOn.GatewayError,
            AttemptFailure.RefusedStream => RetryOn.RefusedStream | RetryOn.Reset | RetryOn.FiveXx,
            AttemptFailure.Reset => RetryOn.Reset | RetryOn.FiveXx,
            AttemptFailure.PerTryTimeout => RetryOn.Reset | RetryOn.FiveXx | RetryOn.GatewayError,
            _ => RetryOn.None,
        };
        if ((conditions & allowed) == 0)
        {
            return false;
        }

        if (request.HasBody)
        {
            return failure == AttemptFailure.ConnectFailure;
        }

        return request.IsIdempotent || failure is AttemptFailure.ConnectFailure or AttemptFailure.RefusedStream;
    }

    /// <summary>True when the response's status or gRPC status is one <paramref name="policy"/> retries.</summary>
    public static bool IsRetriable(RetryPolicy policy, HttpResponseMessage response)
    {
        var conditions = policy.Conditions;
        var status = (int)response.StatusCode;
        if ((conditions & RetryOn.FiveXx) != 0 && status >= 500
            || (conditions & RetryOn.GatewayError) != 0 && status is 502 or 503 or 504
            || (conditions & RetryOn.Retriable4xx) != 0 && status == 409
            || (conditions & RetryOn.RetriableStatusCodes) != 0 && policy.StatusCodes.Items.Contains(status)) // no boxing: ImmutableArray's own Contains
        {
            return true;
        }

        const RetryOn grpcConditions = RetryOn.Cancelled | RetryOn.DeadlineExceeded | RetryOn.ResourceExhausted | RetryOn.Internal | RetryOn.Unavailable;
        if ((conditions & grpcConditions) == 0 || !TryGetGrpcStatus(response, out var grpc))
        {
            return false;
        }

        var condition = grpc switch
        {
            GrpcStatusCodes.Cancelled => RetryOn.Cancelled,
            GrpcStatusCodes.DeadlineExceeded => RetryOn.DeadlineExceeded,
            GrpcStatusCodes.ResourceExhausted => RetryOn.ResourceExhausted,
            GrpcStatusCodes.Internal => RetryOn.Internal,
            GrpcStatusCodes.Unavailable => RetryOn.Unavailable,
            _ => RetryOn.None,
        };
        return (conditions & condition) != 0;
    }

    private static bool TryGetGrpcStatus(HttpResponseMessage response, out int status)
    {
        status = 0;
        return response.Headers.NonValidated.TryGetValues("grpc-status", out var values)
            && values.Count == 1
            && int.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out status);
    }
}

/// <summary>What the retry rules need to know of the request: whether it carries a body and whether its method is idempotent.</summary>
public readonly record struct RequestTraits(bool HasBody, bool IsIdempotent)
{
    public static RequestTraits Of(HttpRequestMessage request) => new(request.Content is not null, IsIdempotentMethod(request.Method));

    public static bool IsIdempotentMethod(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
        || method == HttpMethod.Put || method == HttpMethod.Delete;
}
