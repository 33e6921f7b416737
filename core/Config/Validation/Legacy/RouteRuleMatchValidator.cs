using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// match: a source service, lower-case header names with exactly one of exact, prefix or regex (RE2), a non-empty
/// <c>uri</c> match. L4 subnets are IPv4 CIDRs; <c>udp</c> was never supported.
/// </summary>
internal static class RouteRuleMatchValidator
{
    public static void Validate(ValidationContext context, RouteRule resource)
    {
        if (resource.Spec.Match is not { } match)
        {
            return;
        }

        if (match.Source is not null)
        {
            IstioServiceRules.Validate(context, "spec.match.source", match.Source);
        }

        Subnets(context, "spec.match.tcp", match.Tcp);
        Subnets(context, "spec.match.udp", match.Udp);
        if (match.Udp is not null)
        {
            context.Add("spec.match.udp", "UDP matching is not supported (nor was it in Istio 0.x)");
        }

        foreach (var (name, value) in match.Request?.Headers ?? default)
        {
            var path = $"spec.match.request.headers[{name}]";
            if (name.Length == 0 || name.Any(char.IsAsciiLetterUpper))
            {
                context.Add(path, $"invalid header name \"{name}\": Istio 0.x header names are lower case");
            }

            var set = new[] { ("exact", value.Exact), ("prefix", value.Prefix), ("regex", value.Regex) }.Where(m => m.Item2 is not null).ToList();
            if (set.Count != 1)
            {
                context.Add(path, set.Count == 0 ? "set exactly one of exact, prefix or regex" : $"set exactly one of exact, prefix or regex, got {string.Join(" and ", set.Select(s => s.Item1))}");
            }

            if (name == "uri" && set.Count == 1 && set[0].Item2!.Length == 0)
            {
                context.Add($"{path}.{set[0].Item1}", "the uri match must not be empty");
            }

            RegexRules.Validate(context, $"{path}.regex", value.Regex);
        }
    }

    private static void Subnets(ValidationContext context, string path, LegacyL4MatchAttributes? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        AddressRules.IpOrCidrList(context, $"{path}.sourceSubnet", attributes.SourceSubnet);
        AddressRules.IpOrCidrList(context, $"{path}.destinationSubnet", attributes.DestinationSubnet);
    }
}
