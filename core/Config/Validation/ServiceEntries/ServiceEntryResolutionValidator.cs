using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.ServiceEntries;

/// <summary>
/// Resolution against endpoints: STATIC needs endpoints (or a workloadSelector), NONE takes none, DNS without
/// endpoints resolves the hosts themselves so they can't be wildcards, DNS_ROUND_ROBIN takes at most one endpoint.
/// </summary>
internal static class ServiceEntryResolutionValidator
{
    public static void Validate(ValidationContext context, ServiceEntry resource)
    {
        var spec = resource.Spec;
        var resolution = spec.Resolution ?? ServiceEntryResolution.None;
        if (!spec.Endpoints.IsEmpty && spec.WorkloadSelector is not null)
        {
            context.Add("spec", "set endpoints or workloadSelector, not both");
        }

        if (context.IsIncomplete("spec.resolution"))
        {
            return; // which checks apply depends on the resolution, which did not parse
        }

        switch (resolution)
        {
            case ServiceEntryResolution.Static when spec.Endpoints.IsEmpty && spec.WorkloadSelector is null:
                context.Add("spec.endpoints", "resolution STATIC needs endpoints or a workloadSelector");
                break;
            case ServiceEntryResolution.None when !spec.Endpoints.IsEmpty:
                context.Add("spec.endpoints", "resolution NONE takes no endpoints; use STATIC or DNS");
                break;
            case ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin when spec.Endpoints.IsEmpty:
                for (var i = 0; i < spec.Hosts.Count; i++)
                {
                    if (spec.Hosts[i].StartsWith('*'))
                    {
                        context.Add($"spec.hosts[{i}]", $"wildcard host \"{spec.Hosts[i]}\" cannot be resolved by DNS; add endpoints or use resolution NONE");
                    }
                }

                break;
        }

        if (resolution == ServiceEntryResolution.DnsRoundRobin && spec.Endpoints.Count > 1)
        {
            context.Add("spec.endpoints", $"resolution DNS_ROUND_ROBIN takes at most one endpoint, got {spec.Endpoints.Count}");
        }
    }
}
