using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>A traffic policy (top level or a subset's): each part, and port-level overrides with unique ports.</summary>
internal static class TrafficPolicyValidator
{
    public static void Validate(ValidationContext context, DestinationRule resource) =>
        Validate(context, "spec.trafficPolicy", resource.Spec.TrafficPolicy);

    public static void Validate(ValidationContext context, string path, TrafficPolicy? policy)
    {
        if (policy is null)
        {
            return;
        }

        LoadBalancerRules.Validate(context, $"{path}.loadBalancer", policy.LoadBalancer);
        ConnectionPoolRules.Validate(context, $"{path}.connectionPool", policy.ConnectionPool);
        OutlierDetectionRules.Validate(context, $"{path}.outlierDetection", policy.OutlierDetection);
        ClientTlsRules.Validate(context, $"{path}.tls", policy.Tls);
        TunnelAndBudgetRules.Validate(context, path, policy);

        var ports = new DuplicateTracker<int>(context, "port");
        for (var i = 0; i < policy.PortLevelSettings.Count; i++)
        {
            var portPath = $"{path}.portLevelSettings[{i}]";
            var setting = policy.PortLevelSettings[i];
            NumberRules.RequiredPort(context, $"{portPath}.port.number", setting.Port?.Number);
            if (setting.Port?.Number is { } number)
            {
                ports.Add(number, portPath, $"{portPath}.port.number");
            }

            LoadBalancerRules.Validate(context, $"{portPath}.loadBalancer", setting.LoadBalancer);
            ConnectionPoolRules.Validate(context, $"{portPath}.connectionPool", setting.ConnectionPool);
            OutlierDetectionRules.Validate(context, $"{portPath}.outlierDetection", setting.OutlierDetection);
            ClientTlsRules.Validate(context, $"{portPath}.tls", setting.Tls);
        }
    }
}
