using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>outboundTrafficPolicy: an egressProxy only with ALLOW_ANY, naming a host and a port.</summary>
internal static class SidecarOutboundPolicyValidator
{
    public static void Validate(ValidationContext context, Model.Sidecar resource)
    {
        if (resource.Spec.OutboundTrafficPolicy is not { EgressProxy: { } proxy } policy)
        {
            return;
        }

        const string path = "spec.outboundTrafficPolicy.egressProxy";
        if (policy.Mode != OutboundTrafficMode.AllowAny)
        {
            context.Add(path, "egressProxy can only be set with mode ALLOW_ANY");
        }

        RouteDestinationRules.Validate(context, path, proxy);
        if (proxy.Port?.Number is null)
        {
            context.Add($"{path}.port.number", "egressProxy needs a port");
        }
    }
}
