using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.ServiceEntries;

/// <summary>Hosts (at least one, never "*" alone), addresses (IPs or CIDRs) and exportTo.</summary>
internal static class ServiceEntryHostsValidator
{
    public static void Validate(ValidationContext context, ServiceEntry resource)
    {
        var spec = resource.Spec;
        HostRules.ValidateHostList(context, "spec.hosts", spec.Hosts, allowStar: false);
        AddressRules.IpOrCidrList(context, "spec.addresses", spec.Addresses);
        ExportToRules.Validate(context, "spec.exportTo", spec.ExportTo);
        if (spec.WorkloadSelector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.workloadSelector.labels", selector.Labels);
        }
    }
}
