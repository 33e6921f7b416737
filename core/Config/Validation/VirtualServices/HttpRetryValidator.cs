using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Route timeout and retries: durations of at least 1ms, attempts not negative, known retry conditions.</summary>
internal static class HttpRetryValidator
{
    private static readonly string[] RetryConditions =
    [
        "5xx", "gateway-error", "reset", "connect-failure", "refused-stream", "retriable-4xx", "retriable-status-codes",
        "retriable-headers", "unavailable", "cancelled", "deadline-exceeded", "internal", "resource-exhausted",
        "envoy-ratelimited", "reset-before-request", "http3-post-connect-failure",
    ];

    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            var route = resource.Spec.Http[i];
            var path = $"spec.http[{i}]";
            DurationRules.AtLeastOneMillisecond(context, $"{path}.timeout", route.Timeout);
            if (route.Retries is { } retries)
            {
                NumberRules.AtLeast(context, $"{path}.retries.attempts", retries.Attempts, 0);
                DurationRules.AtLeastOneMillisecond(context, $"{path}.retries.perTryTimeout", retries.PerTryTimeout);
                DurationRules.AtLeastOneMillisecond(context, $"{path}.retries.backoff", retries.Backoff);
                RetryOn(context, $"{path}.retries.retryOn", retries.RetryOn);
            }
        }
    }

    private static void RetryOn(ValidationContext context, string path, string? retryOn)
    {
        if (retryOn is null)
        {
            return;
        }

        foreach (var condition in retryOn.Split(',').Select(c => c.Trim()))
        {
            var isStatus = int.TryParse(condition, out var status) && status is >= 100 and <= 599;
            if (!isStatus && !RetryConditions.Contains(condition))
            {
                context.Add(path, $"unknown retry condition \"{condition}\"; expected a status code 100-599 or one of {string.Join(", ", RetryConditions)}");
            }
        }
    }
}
