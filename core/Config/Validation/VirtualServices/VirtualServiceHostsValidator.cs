using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>
/// spec.hosts: at least one valid host (and spec.exportTo syntax). "*" is refused for a VirtualService bound to the mesh (sidecars), where it
/// would capture all outbound traffic; it is fine on a gateway.
/// </summary>
internal static class VirtualServiceHostsValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        var spec = resource.Spec;
        HostRules.ValidateHostList(context, "spec.hosts", spec.Hosts);
        ExportToRules.Validate(context, "spec.exportTo", spec.ExportTo);
        if (!GatewayReferences.BindsToMesh(spec.Gateways))
        {
            return;
        }

        for (var i = 0; i < spec.Hosts.Count; i++)
        {
            if (spec.Hosts[i] == "*")
            {
                context.Add($"spec.hosts[{i}]", "wildcard host \"*\" is not allowed for a virtual service bound to the mesh gateway");
            }
        }
    }
}
