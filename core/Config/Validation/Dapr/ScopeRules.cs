using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Dapr;

/// <summary>Dapr <c>scopes</c>: app ids, each a DNS-1123 label, none twice.</summary>
internal static class ScopeRules
{
    public static void Validate(ValidationContext context, string path, ValueList<string> scopes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!NameRules.IsDns1123Label(scopes[i]))
            {
                context.Add($"{path}[{i}]", $"invalid app id {NameRules.Quote(scopes[i])}: expected a DNS-1123 label");
            }
            else if (!seen.Add(scopes[i]))
            {
                context.Add($"{path}[{i}]", $"duplicate app id \"{scopes[i]}\"");
            }
        }
    }
}
