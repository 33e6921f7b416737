using System.Globalization;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Reads Istio's <c>retryOn</c> string: named conditions and bare status codes (which, as in Istio, also turn on
/// <c>retriable-status-codes</c>). Names Envoy knows but this proxy cannot observe (<c>retriable-headers</c>,
/// <c>envoy-ratelimited</c>, <c>http3-post-connect-failure</c>) are accepted and ignored; validation has already
/// refused unknown names.
/// </summary>
public static class RetryOnParser
{
    public static (RetryOn Conditions, ValueList<int> StatusCodes) Parse(string retryOn)
    {
        var conditions = RetryOn.None;
        var codes = new List<int>();
        foreach (var part in retryOn.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599)
            {
                if (!codes.Contains(status))
                {
                    codes.Add(status);
                }

                conditions |= RetryOn.RetriableStatusCodes;
                continue;
            }

            conditions |= Condition(part);
        }

        codes.Sort();
        return (conditions, codes.ToValueList());
    }

    private static RetryOn Condition(string name) => name switch
    {
        "5xx" => RetryOn.FiveXx,
        "gateway-error" => RetryOn.GatewayError,
        "reset" => RetryOn.Reset,
        "connect-failure" => RetryOn.ConnectFailure,
        "refused-stream" => RetryOn.RefusedStream,
        "retriable-4xx" => RetryOn.Retriable4xx,
        "retriable-status-codes" => RetryOn.RetriableStatusCodes,
        "reset-before-request" => RetryOn.ResetBeforeRequest,
        "cancelled" => RetryOn.Cancelled,
        "deadline-exceeded" => RetryOn.DeadlineExceeded,
        "resource-exhausted" => RetryOn.ResourceExhausted,
        "internal" => RetryOn.Internal,
        "unavailable" => RetryOn.Unavailable,
        _ => RetryOn.None,
    };
}
