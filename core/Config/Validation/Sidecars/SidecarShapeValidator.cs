using GatewayMesh.Core.Config.Validation.DestinationRules;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>A Sidecar says something (ingress, egress, outboundTrafficPolicy or inboundConnectionPool); its selector labels are valid.</summary>
internal static class SidecarShapeValidator
{
    public static void Validate(ValidationContext context, Model.Sidecar resource)
    {
        var spec = resource.Spec;
        if (spec.Ingress.IsEmpty && spec.Egress.IsEmpty && spec.OutboundTrafficPolicy is null && spec.InboundConnectionPool is null)
        {
            context.Add("spec", "empty Sidecar: set egress, ingress, outboundTrafficPolicy or inboundConnectionPool");
        }

        if (spec.WorkloadSelector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.workloadSelector.labels", selector.Labels);
        }

        ConnectionPoolRules.Validate(context, "spec.inboundConnectionPool", spec.InboundConnectionPool);
    }
}
