using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>spec.host is required and valid; exportTo and workloadSelector syntax.</summary>
internal static class DestinationRuleHostValidator
{
    public static void Validate(ValidationContext context, DestinationRule resource)
    {
        var spec = resource.Spec;
        if (string.IsNullOrEmpty(spec.Host))
        {
            context.Add("spec.host", "host is required");
        }
        else if (HostRules.HostError(spec.Host) is { } error)
        {
            context.Add("spec.host", error);
        }

        ExportToRules.Validate(context, "spec.exportTo", spec.ExportTo);
        if (spec.WorkloadSelector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.workloadSelector.matchLabels", selector.MatchLabels);
        }
    }
}
