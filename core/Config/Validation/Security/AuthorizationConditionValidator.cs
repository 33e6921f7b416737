using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>rules[].when[]: a supported attribute key, and values or notValues.</summary>
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
            }
        }
    }

    private static bool IsSupported(string key) =>
        ExactKeys.Contains(key) ||
        key.StartsWith("experimental.envoy.filters.", StringComparison.Ordinal) ||
        BracketedKeys.Any(prefix => key.Length > prefix.Length + 2 && key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']'));
}
