using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// EgressRule: the destination is only a <c>service</c> (a domain, a wildcard domain or a CIDR); at least one port,
/// unique, each with a protocol Istio 0.x allowed (a CIDR only with TCP or MONGO). The egress proxy was never
/// implemented.
/// </summary>
internal static class EgressRuleValidator
{
    private static readonly string[] Protocols = ["HTTP", "HTTPS", "HTTP2", "GRPC", "TCP", "MONGO"];
    private static readonly string[] CidrProtocols = ["TCP", "MONGO"];

    public static void Validate(ValidationContext context, EgressRule resource)
    {
        var spec = resource.Spec;
        const string path = "spec.destination";
        if (spec.Destination is not { } destination)
        {
            context.Add(path, "destination is required");
        }
        else
        {
            foreach (var (field, value) in new[] { ("name", destination.Name), ("namespace", destination.Namespace), ("domain", destination.Domain) })
            {
                if (!string.IsNullOrEmpty(value))
                {
                    context.Add($"{path}.{field}", $"an egress rule names its destination by service only, not {field}");
                }
            }

            if (!destination.Labels.IsEmpty)
            {
                context.Add($"{path}.labels", "an egress rule destination takes no labels");
            }

            if (string.IsNullOrEmpty(destination.Service))
            {
                context.Add($"{path}.service", "service is required (a domain such as \"*.googleapis.com\", or a CIDR)");
            }
            else if (IstioServiceRules.ServiceError(destination.Service) is { } error)
            {
                context.Add($"{path}.service", error);
            }
        }

        Ports(context, spec, spec.Destination?.Service?.Contains('/', StringComparison.Ordinal) is true);
        if (spec.UseEgressProxy is true)
        {
            context.Add("spec.useEgressProxy", "an egress proxy is not supported (nor was it in Istio 0.x)");
        }
    }

    private static void Ports(ValidationContext context, EgressRuleSpec spec, bool isCidr)
    {
        if (spec.Ports.IsEmpty)
        {
            context.Add("spec.ports", "at least one port is required");
        }

        var seen = new Dictionary<int, int>();
        for (var i = 0; i < spec.Ports.Count; i++)
        {
            var port = spec.Ports[i];
            var path = $"spec.ports[{i}]";
            NumberRules.RequiredPort(context, $"{path}.port", port.Port);
            if (port.Port is { } number && !seen.TryAdd(number, i))
            {
                context.Add($"{path}.port", $"port {number} is already listed at spec.ports[{seen[number]}]");
            }

            var protocol = port.Protocol?.ToUpperInvariant();
            if (protocol is null || !Protocols.Contains(protocol))
            {
                context.Add($"{path}.protocol", $"protocol must be one of {string.Join(", ", Protocols)}, got {(protocol is null ? "none" : $"\"{port.Protocol}\"")}");
            }
            else if (isCidr && !CidrProtocols.Contains(protocol))
            {
                context.Add($"{path}.protocol", $"a CIDR destination takes only TCP or MONGO ports, got \"{port.Protocol}\"");
            }
        }
    }
}
