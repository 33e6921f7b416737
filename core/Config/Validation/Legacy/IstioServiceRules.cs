using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// Istio 0.x service references: a short <c>name</c> (a DNS-1123 label, with an optional <c>namespace</c> label and
/// <c>domain</c>) or a fully qualified <c>service</c> (a domain, a <c>*</c> wildcard, or a CIDR), never both.
/// </summary>
internal static class IstioServiceRules
{
    public static void Validate(ValidationContext context, string path, IstioService? service, bool allowLabels = true)
    {
        if (service is null)
        {
            context.Add(path, "a service reference is required (name or service)");
            return;
        }

        if (string.IsNullOrEmpty(service.Name) && string.IsNullOrEmpty(service.Service))
        {
            context.Add(path, "set name or service");
        }
        else if (!string.IsNullOrEmpty(service.Name) && !string.IsNullOrEmpty(service.Service))
        {
            context.Add(path, "set name or service, not both");
        }
        else if (service.Service is { Length: > 0 } fqdn)
        {
            if (ServiceError(fqdn) is { } error)
            {
                context.Add($"{path}.service", error);
            }

            if (!string.IsNullOrEmpty(service.Namespace))
            {
                context.Add($"{path}.namespace", "namespace cannot be combined with service (service is fully qualified)");
            }

            if (!string.IsNullOrEmpty(service.Domain))
            {
                context.Add($"{path}.domain", "domain cannot be combined with service (service is fully qualified)");
            }
        }
        else if (!NameRules.IsDns1123Label(service.Name))
        {
            context.Add($"{path}.name", $"invalid name \"{service.Name}\": expected a DNS-1123 label");
        }

        if (service.Namespace is { Length: > 0 } ns && !NameRules.IsDns1123Label(ns))
        {
            context.Add($"{path}.namespace", $"invalid namespace \"{ns}\": expected a DNS-1123 label");
        }

        if (service.Domain is { Length: > 0 } domain && HostRules.HostError(domain, allowStar: false) is not null)
        {
            context.Add($"{path}.domain", $"invalid domain \"{domain}\": expected a DNS name such as cluster.local");
        }

        if (!allowLabels && !service.Labels.IsEmpty)
        {
            context.Add($"{path}.labels", "labels are not allowed here");
        }

        LabelRules.ValidateLabels(context, $"{path}.labels", service.Labels);
    }

    /// <summary>A <c>service</c>: a CIDR (one '/'), or a domain that may start with <c>*</c>, <c>*.</c> or <c>*-</c>.</summary>
    public static string? ServiceError(string service)
    {
        if (service.Count(c => c == '/') == 1)
        {
            return AddressRules.IsCidr(service) ? null : $"invalid CIDR \"{service}\"";
        }

        if (service == "*")
        {
            return null;
        }

        var domain = service.StartsWith('*') ? service[1..].TrimStart('.', '-') : service;
        return domain.Length > 0 && HostRules.HostError(domain, allowStar: false) is null && !domain.Contains('*', StringComparison.Ordinal)
            ? null
            : $"invalid service \"{service}\": expected a fully qualified domain name (\"*.\" and \"*-\" wildcards allowed) or a CIDR";
    }
}
