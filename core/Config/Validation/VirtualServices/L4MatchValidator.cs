using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>TLS and TCP route matches: TLS matches need SNI hosts; ports, subnets and source labels are checked.</summary>
internal static class L4MatchValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var r = 0; r < resource.Spec.Tls.Count; r++)
        {
            var route = resource.Spec.Tls[r];
            if (route.Match.IsEmpty)
            {
                context.Add($"spec.tls[{r}].match", "at least one match with sniHosts is required");
            }

            for (var m = 0; m < route.Match.Count; m++)
            {
                var match = route.Match[m];
                var path = $"spec.tls[{r}].match[{m}]";
                HostRules.ValidateHostList(context, $"{path}.sniHosts", match.SniHosts);
                Common(context, path, match.Port, match.DestinationSubnets, match.SourceLabels);
            }
        }

        for (var r = 0; r < resource.Spec.Tcp.Count; r++)
        {
            for (var m = 0; m < resource.Spec.Tcp[r].Match.Count; m++)
            {
                var match = resource.Spec.Tcp[r].Match[m];
                var path = $"spec.tcp[{r}].match[{m}]";
                Common(context, path, match.Port, match.DestinationSubnets, match.SourceLabels);
                AddressRules.IpOrCidr(context, $"{path}.sourceSubnet", match.SourceSubnet);
            }
        }
    }

    private static void Common(ValidationContext context, string path, int? port, IReadOnlyList<string> subnets, Collections.ValueMap<string, string> sourceLabels)
    {
        NumberRules.Port(context, $"{path}.port", port);
        AddressRules.IpOrCidrList(context, $"{path}.destinationSubnets", subnets);
        LabelRules.ValidateLabels(context, $"{path}.sourceLabels", sourceLabels);
    }
}
