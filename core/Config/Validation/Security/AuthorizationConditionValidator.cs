using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>rules[].when[]: a supported attribute key, and values or notValues (addresses for IP keys, ports for destination.port).</summary>
internal static class AuthorizationConditionValidator
{
    private static readonly string[] ExactKeys =
    [
        "source.ip", "remote.ip", "source.namespace", "source.principal", "source.serviceAccount",
        "request.auth.principal", "request.auth.audiences", "request.auth.presenter",
        "destination.ip", "destination.port", "connection.sni",
    ];

    private static readonly string[] BracketedKeys = ["request.headers", "request.auth.claims"];

    public static void Validate(ValidationContext context, AuthorizationPolicy resource)
    {
        for (var r = 0; r < resource.Spec.Rules.Count; r++)
        {
            var when = resource.Spec.Rules[r].When;
            for (var w = 0; w < when.Count; w++)
            {
                var path = $"spec.rules[{r}].when[{w}]";
                var key = when[w].Key;
                if (string.IsNullOrEmpty(key))
                {
                    context.Add($"{path}.key", "key is required");
                }
                else if (!IsSupported(key))
                {
                    context.Add($"{path}.key", $"unsupported key \"{key}\"; expected one of {string.Join(", ", ExactKeys)}, request.headers[name], request.auth.claims[name] or experimental.envoy.filters.*");
                }

                if (when[w].Values.IsEmpty && when[w].NotValues.IsEmpty)
                {
                    context.Add(path, "set values or notValues");
                }

                ConditionValues(context, path, key, when[w]);
            }
        }
    }

    /// <summary>IP keys take addresses or CIDR blocks and destination.port takes port numbers, as Istio validates them.</summary>
    private static void ConditionValues(ValidationContext context, string path, string? key, RuleCondition condition)
    {
        if (key is "source.ip" or "remote.ip" or "destination.ip")
        {
            AddressRules.IpOrCidrList(context, $"{path}.values", condition.Values);
            AddressRules.IpOrCidrList(context, $"{path}.notValues", condition.NotValues);
        }
        else if (key == "destination.port")
        {
            Ports(context, $"{path}.values", condition.Values);
            Ports(context, $"{path}.notValues", condition.NotValues);
        }
    }

    private static void Ports(ValidationContext context, string path, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!int.TryParse(values[i], out var port) || !NumberRules.IsPort(port))
            {
                context.Add($"{path}[{i}]", $"invalid port \"{values[i]}\": expected a number between 1 and 65535");
            }
        }
    }

    private static bool IsSupported(string key) =>
        ExactKeys.Contains(key) ||
        key.StartsWith("experimental.envoy.filters.", StringComparison.Ordinal) ||
        BracketedKeys.Any(prefix => key.Length > prefix.Length + 2 && key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']'));
}
