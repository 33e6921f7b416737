using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// An EgressRule as a ServiceEntry, as istioctl's converter made it: the service (a domain) as the host, or for a
/// CIDR the address with a host made from the rule's name; one port per egress port (named <c>protocol-number</c>);
/// resolution NONE, location MESH_EXTERNAL.
/// </summary>
internal static class EgressRuleTranslator
{
    public static ServiceEntry Translate(EgressRule rule)
    {
        var service = rule.Spec.Destination?.Service ?? "";
        var isCidr = service.Contains('/', StringComparison.Ordinal);
        var host = isCidr ? $"{rule.Metadata.Name}.{rule.Metadata.Namespace}.svc.{LegacyHosts.DefaultDomain}" : service.ToLowerInvariant();
        return new ServiceEntry
        {
            ApiVersion = ResourceKinds.Get(ResourceKinds.ServiceEntry).PreferredApiVersion,
            Metadata = new ResourceMetadata { Name = rule.Metadata.Name, Namespace = rule.Metadata.Namespace },
            Spec = new ServiceEntrySpec
            {
                Hosts = [host],
                Addresses = isCidr ? [service] : default,
                Ports = rule.Spec.Ports.Select(p => new ServicePort
                {
                    Number = p.Port,
                    Protocol = p.Protocol?.ToUpperInvariant(),
                    Name = $"{p.Protocol?.ToLowerInvariant()}-{p.Port}",
                }).ToValueList(),
                Resolution = ServiceEntryResolution.None,
                Location = ServiceEntryLocation.MeshExternal,
            },
        };
    }
}
