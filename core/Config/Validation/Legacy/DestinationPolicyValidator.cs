using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// DestinationPolicy: a destination service (its labels pick the version the policy is for), a load-balancing name,
/// and simpleCb limits that are not negative, durations of at least 1ms, an ejection percentage of 0 to 100. A
/// <c>source</c> scope is refused: destination policies here apply to every caller.
/// </summary>
internal static class DestinationPolicyValidator
{
    public static void Validate(ValidationContext context, DestinationPolicy resource)
    {
        var spec = resource.Spec;
        IstioServiceRules.Validate(context, "spec.destination", spec.Destination);
        if (spec.Source is not null)
        {
            context.Add("spec.source", "source-scoped destination policies are not supported; the policy would apply to every caller");
        }

        if (spec.LoadBalancing is { Name: null })
        {
            context.Add("spec.loadBalancing.name", "name is required: ROUND_ROBIN, LEAST_CONN or RANDOM");
        }

        if (spec.LoadBalancing is null && spec.CircuitBreaker is null)
        {
            context.Add("spec", "set loadBalancing, circuitBreaker or both");
        }

        if (spec.CircuitBreaker is { SimpleCb: null })
        {
            context.Add("spec.circuitBreaker.simpleCb", "simpleCb is required (custom circuit breakers are not supported)");
        }

        if (spec.CircuitBreaker?.SimpleCb is not { } cb)
        {
            return;
        }

        const string path = "spec.circuitBreaker.simpleCb";
        NumberRules.AtLeast(context, $"{path}.maxConnections", cb.MaxConnections, 0);
        NumberRules.AtLeast(context, $"{path}.httpMaxPendingRequests", cb.HttpMaxPendingRequests, 0);
        NumberRules.AtLeast(context, $"{path}.httpMaxRequests", cb.HttpMaxRequests, 0);
        NumberRules.AtLeast(context, $"{path}.httpConsecutiveErrors", cb.HttpConsecutiveErrors, 0);
        NumberRules.AtLeast(context, $"{path}.httpMaxRequestsPerConnection", cb.HttpMaxRequestsPerConnection, 0);
        NumberRules.AtLeast(context, $"{path}.httpMaxRetries", cb.HttpMaxRetries, 0);
        NumberRules.Between(context, $"{path}.httpMaxEjectionPercent", cb.HttpMaxEjectionPercent, 0, 100);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.sleepWindow", cb.SleepWindow);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.httpDetectionInterval", cb.HttpDetectionInterval);
    }
}
