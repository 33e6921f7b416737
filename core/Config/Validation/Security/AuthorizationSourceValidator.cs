using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>rules[].from[].source: present and not empty; identities and namespaces with prefix/suffix wildcards; IP blocks.</summary>
internal static class AuthorizationSourceValidator
{
    public static void Validate(ValidationContext context, AuthorizationPolicy resource)
    {
        for (var r = 0; r < resource.Spec.Rules.Count; r++)
        {
            var from = resource.Spec.Rules[r].From;
            for (var f = 0; f < from.Count; f++)
            {
                var path = $"spec.rules[{r}].from[{f}].source";
                if (from[f].Source is not { } source || source == new RuleSource())
                {
                    context.Add(path, "source must set at least one field");
                    continue;
                }

                AuthorizationValueRules.Values(context, $"{path}.principals", source.Principals);
                AuthorizationValueRules.Values(context, $"{path}.notPrincipals", source.NotPrincipals);
                AuthorizationValueRules.Values(context, $"{path}.requestPrincipals", source.RequestPrincipals);
                AuthorizationValueRules.Values(context, $"{path}.notRequestPrincipals", source.NotRequestPrincipals);
                AuthorizationValueRules.Values(context, $"{path}.namespaces", source.Namespaces);
                AuthorizationValueRules.Values(context, $"{path}.notNamespaces", source.NotNamespaces);
                AuthorizationValueRules.Values(context, $"{path}.serviceAccounts", source.ServiceAccounts);
                AuthorizationValueRules.Values(context, $"{path}.notServiceAccounts", source.NotServiceAccounts);
                AuthorizationValueRules.Values(context, $"{path}.trustDomains", source.TrustDomains);
                AuthorizationValueRules.Values(context, $"{path}.notTrustDomains", source.NotTrustDomains);
                AddressRules.IpOrCidrList(context, $"{path}.ipBlocks", source.IpBlocks);
                AddressRules.IpOrCidrList(context, $"{path}.notIpBlocks", source.NotIpBlocks);
                AddressRules.IpOrCidrList(context, $"{path}.remoteIpBlocks", source.RemoteIpBlocks);
                AddressRules.IpOrCidrList(context, $"{path}.notRemoteIpBlocks", source.NotRemoteIpBlocks);
            }
        }
    }
}
