using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>Port-level mTLS needs a workload selector (ports only mean something for selected workloads); ports in range.</summary>
internal static class PeerAuthenticationValidator
{
    public static void Validate(ValidationContext context, PeerAuthentication resource)
    {
        var spec = resource.Spec;
        if (spec.Selector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.selector.matchLabels", selector.MatchLabels);
        }

        if (spec.PortLevelMtls.IsEmpty)
        {
            return;
        }

        if (spec.Selector is null || spec.Selector.MatchLabels.IsEmpty)
        {
            context.Add("spec.portLevelMtls", "requires spec.selector");
        }

        foreach (var (port, mtls) in spec.PortLevelMtls)
        {
            NumberRules.Port(context, $"spec.portLevelMtls[{port}]", port);
            if (mtls.Mode is null)
            {
                context.Add($"spec.portLevelMtls[{port}].mode", "mode is required; expected DISABLE, PERMISSIVE or STRICT");
            }
        }
    }
}
