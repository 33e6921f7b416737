using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>rules[].to[].operation: present and not empty; hosts, ports 1-65535 as strings, methods, paths starting '/' or '*'.</summary>
internal static class AuthorizationOperationValidator
{
    public static void Validate(ValidationContext context, AuthorizationPolicy resource)
    {
        for (var r = 0; r < resource.Spec.Rules.Count; r++)
        {
            var to = resource.Spec.Rules[r].To;
            for (var t = 0; t < to.Count; t++)
            {
                var path = $"spec.rules[{r}].to[{t}].operation";
                if (to[t].Operation is not { } operation || operation == new RuleOperation())
                {
                    context.Add(path, "operation must set at least one field");
                    continue;
                }

                AuthorizationValueRules.Values(context, $"{path}.hosts", operation.Hosts);
                AuthorizationValueRules.Values(context, $"{path}.notHosts", operation.NotHosts);
                Ports(context, $"{path}.ports", operation.Ports);
                Ports(context, $"{path}.notPorts", operation.NotPorts);
                AuthorizationValueRules.NonEmpty(context, $"{path}.methods", operation.Methods);
                AuthorizationValueRules.NonEmpty(context, $"{path}.notMethods", operation.NotMethods);
                Paths(context, $"{path}.paths", operation.Paths);
                Paths(context, $"{path}.notPaths", operation.NotPaths);
            }
        }
    }

    private static void Ports(ValidationContext context, string path, IReadOnlyList<string> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (!int.TryParse(ports[i], out var port) || !NumberRules.IsPort(port))
            {
                context.Add($"{path}[{i}]", $"invalid port \"{ports[i]}\": expected a number between 1 and 65535");
            }
        }
    }

    private static void Paths(ValidationContext context, string path, IReadOnlyList<string> paths)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            if (!paths[i].StartsWith('/') && !paths[i].StartsWith('*'))
            {
                context.Add($"{path}[{i}]", $"invalid path \"{paths[i]}\": expected a path starting with '/' or '*'");
            }
        }
    }
}
