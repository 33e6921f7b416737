using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Kubernetes label syntax for label maps: metadata labels, selectors, subset labels.</summary>
internal static class LabelRules
{
    public static void ValidateLabels(ValidationContext context, string path, ValueMap<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            var keyPath = $"{path}[{key}]";
            if (KeyError(key) is { } keyError)
            {
                context.Add(keyPath, keyError);
            }

            if (value.Length > 0 && !NameRules.IsQualifiedNamePart(value))
            {
                context.Add(keyPath, $"invalid label value \"{value}\": expected at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric");
            }
        }
    }

    public static void ValidateKeys(ValidationContext context, string path, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (KeyError(key) is { } error)
            {
                context.Add($"{path}[{key}]", error);
            }
        }
    }

    /// <summary>A key is an optional DNS-1123 subdomain prefix and '/', then a name part.</summary>
    private static string? KeyError(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && !NameRules.IsDns1123Subdomain(prefix))
        {
            return $"invalid key prefix \"{prefix}\": expected a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.')";
        }

        return NameRules.IsQualifiedNamePart(name)
            ? null
            : $"invalid key \"{key}\": expected an optional prefix and '/', then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric";
    }
}
