using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>Tunnel settings (CONNECT or POST to a target host and port) and the retry budget.</summary>
internal static class TunnelAndBudgetRules
{
    public static void Validate(ValidationContext context, string path, TrafficPolicy policy)
    {
        if (policy.Tunnel is { } tunnel)
        {
            var tunnelPath = $"{path}.tunnel";
            if (tunnel.Protocol is { } protocol && protocol is not ("CONNECT" or "POST"))
            {
                context.Add($"{tunnelPath}.protocol", $"unsupported tunnel protocol \"{protocol}\"; expected CONNECT or POST");
            }

            if (string.IsNullOrEmpty(tunnel.TargetHost))
            {
                context.Add($"{tunnelPath}.targetHost", "target host is required");
            }

            NumberRules.RequiredPort(context, $"{tunnelPath}.targetPort", tunnel.TargetPort);
        }

        if (policy.RetryBudget is { } budget)
        {
            NumberRules.Percentage(context, $"{path}.retryBudget.percent", budget.Percent);
            NumberRules.AtLeast(context, $"{path}.retryBudget.minRetryConcurrency", budget.MinRetryConcurrency, 0);
            if (budget.BudgetInterval?.Value != TimeSpan.Zero)
            {
                // 0s is Istio's way of saying "no interval: only the requests in flight count".
                DurationRules.AtLeastOneMillisecond(context, $"{path}.retryBudget.budgetInterval", budget.BudgetInterval);
            }
        }
    }
}
